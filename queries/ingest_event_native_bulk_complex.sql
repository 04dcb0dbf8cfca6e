-- The bulk-loaded rows JavaScript must finish, set apart as the staged load's ingest_event_typed holds them, so
-- that the same finishing runs on them. Only bulk rows are stored yet, and only these have attributes.
-- Finishing reads a row's id, its policy results, and what the insert kept of its read: an NDJSON row's text
-- (where it has extra fields) and key count, or a CSV row's cells. A row finished whole comes back typed from the
-- stage, and the others take only their policy results, so every other field is left out: fetching them from the
-- transaction's own rows cost more than the finishing (5M events: 1.1 s against 0.3 s).
CREATE OR REPLACE TEMP TABLE ingest_event_typed AS
SELECT 0 AS line, id, NULL::TIMESTAMPTZ AS "timestamp", NULL::VARCHAR AS verdict, NULL::VARCHAR AS reason_code,
  NULL::VARCHAR AS policy, NULL::VARCHAR AS config_id, NULL::VARCHAR AS config_version, NULL::VARCHAR AS provider,
  NULL::VARCHAR AS model, NULL::VARCHAR AS team, NULL::VARCHAR AS user_id, NULL::VARCHAR AS request_id,
  NULL::VARCHAR AS gateway_id, NULL::VARCHAR AS status, NULL::VARCHAR AS request, NULL::VARCHAR AS response,
  NULL::DOUBLE AS score, NULL::DOUBLE AS latency_ms, NULL::BIGINT AS tokens_in, NULL::BIGINT AS tokens_out,
  NULL::DOUBLE AS cost_usd, policy_results, NULL::JSON AS attributes, true AS sure, true AS complex,
  attributes ->> 'doc' AS doc, (attributes ->> 'key_count')::BIGINT AS key_count,
  from_json(attributes -> 'cells', '["VARCHAR"]') AS cells
FROM events
WHERE attributes IS NOT NULL;
