-- The bulk-loaded CSV rows JavaScript must finish, set apart with their cells as the staged load's
-- ingest_event_typed holds them (see ingest_event_native_bulk_complex_ndjson).
CREATE OR REPLACE TEMP TABLE ingest_event_typed AS
SELECT 0 AS line, id, "timestamp", verdict, reason_code, policy, config_id, config_version, provider, model, team,
  user_id, request_id, gateway_id, status, request, response, score, latency_ms, tokens_in, tokens_out, cost_usd,
  policy_results, NULL::JSON AS attributes, true AS sure, true AS complex,
  from_json(attributes -> 'cells', '["VARCHAR"]') AS cells
FROM events
WHERE attributes IS NOT NULL;
