-- NDJSON rows (COPYed into events_json) expanded into the typed events table.
INSERT INTO events
SELECT doc->>'id', (doc->>'timestamp')::timestamptz,
  CASE doc->>'verdict' WHEN 'allowed' THEN 'allow' WHEN 'blocked' THEN 'block' WHEN 'redacted' THEN 'redact' WHEN 'escalated' THEN 'escalate' ELSE doc->>'verdict' END,
  doc->>'reason_code', doc->>'policy', doc->>'config_id', doc->>'config_version', doc->>'provider', doc->>'model',
  doc->>'team', doc->>'user_id', doc->>'request_id', doc->>'gateway_id', doc->>'status', doc->>'request', doc->>'response',
  (doc->>'score')::float8, (doc->>'latency_ms')::float8, (doc->>'tokens_in')::bigint, (doc->>'tokens_out')::bigint,
  (doc->>'cost_usd')::float8, doc->'policy_results'
FROM events_json;
