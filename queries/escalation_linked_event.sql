-- The event an escalation was raised for, in full (JSON columns as text).
SELECT id, "timestamp", verdict, reason_code, policy, config_id, config_version, provider, model,
  team, user_id, request_id, gateway_id, status, request, response, score, latency_ms,
  tokens_in, tokens_out, cost_usd, policy_results::VARCHAR AS policy_results,
  attributes::VARCHAR AS attributes, ingested_at
FROM events
WHERE id = $event_id;
