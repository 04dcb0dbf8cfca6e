-- Events of the file the store does not have yet.
INSERT INTO events (id, "timestamp", verdict, reason_code, policy, config_id, config_version, provider, model,
  team, user_id, request_id, gateway_id, status, request, response, score, latency_ms, tokens_in, tokens_out,
  cost_usd, policy_results, attributes)
SELECT id, "timestamp", verdict, reason_code, policy, config_id, config_version, provider, model,
  team, user_id, request_id, gateway_id, status, request, response, score, latency_ms, tokens_in, tokens_out,
  cost_usd, policy_results, attributes
FROM ingest_event_latest
WHERE change = 'insert';
