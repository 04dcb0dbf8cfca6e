-- The bulk load of a CSV file into a store without events (see ingest_event_native_bulk_ndjson): a row JavaScript
-- must finish is stored with its cells in `attributes`.
INSERT INTO events (id, "timestamp", verdict, reason_code, policy, config_id, config_version, provider, model,
  team, user_id, request_id, gateway_id, status, request, response, score, latency_ms, tokens_in, tokens_out,
  cost_usd, policy_results, attributes)
SELECT CASE WHEN sure THEN id ELSE error('kt: a row for the zod path') END, "timestamp", verdict, reason_code,
  policy, config_id, config_version, provider, model, team, user_id, request_id, gateway_id, status, request,
  response, score, latency_ms, tokens_in, tokens_out, cost_usd, policy_results,
  CASE WHEN complex THEN json_object('cells', cells) END
FROM ingest_event_native_rows;
