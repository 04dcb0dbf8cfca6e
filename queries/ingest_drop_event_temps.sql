-- This load's temporary tables, dropped before commit.
DROP TABLE IF EXISTS ingest_event_stage; DROP TABLE IF EXISTS ingest_event_typed; DROP TABLE IF EXISTS ingest_event_latest; DROP TABLE IF EXISTS ingest_routes;
