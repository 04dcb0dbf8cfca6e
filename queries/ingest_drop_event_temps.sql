-- This load's temporary tables (and the view over them), dropped before commit.
DROP VIEW IF EXISTS ingest_event_latest; DROP TABLE IF EXISTS ingest_event_stage; DROP TABLE IF EXISTS ingest_event_typed; DROP TABLE IF EXISTS ingest_routes; DROP TABLE IF EXISTS ingest_event_complex;
