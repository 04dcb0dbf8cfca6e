-- The staged JSON rows, once typed into ingest_event_latest.
DROP TABLE IF EXISTS ingest_event_stage;
