-- The staged JSON rows, once typed into ingest_event_typed.
DROP TABLE IF EXISTS ingest_event_stage;
