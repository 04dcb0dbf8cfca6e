-- The bulk-loaded NDJSON rows JavaScript must finish, set apart as the staged load's ingest_event_typed holds
-- them, so that the same finishing runs on them. Only bulk rows are stored yet, and only these have attributes.
CREATE OR REPLACE TEMP TABLE ingest_event_typed AS
SELECT 0 AS line, id, "timestamp", verdict, reason_code, policy, config_id, config_version, provider, model, team,
  user_id, request_id, gateway_id, status, request, response, score, latency_ms, tokens_in, tokens_out, cost_usd,
  policy_results, NULL::JSON AS attributes, true AS sure, true AS complex,
  attributes ->> 'doc' AS doc, (attributes ->> 'key_count')::BIGINT AS key_count
FROM events
WHERE attributes IS NOT NULL;
