-- The zod-shaped policy results replace what DuckDB read, typed exactly as ingest_event_typed_from_stage types them.
UPDATE ingest_event_typed SET policy_results = json_transform(s.doc, '{"policy_results": "JSON"}').policy_results
FROM ingest_event_policy_stage s
WHERE ingest_event_typed.id = s.id;
DROP TABLE ingest_event_policy_stage;
