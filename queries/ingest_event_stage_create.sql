-- Staging for one file's valid event rows (line number + the validated, normalised row as JSON),
-- filled by the appender and merged into events with set-based SQL; temporary, so it never outlives the load.
CREATE OR REPLACE TEMP TABLE ingest_event_stage (line INTEGER NOT NULL, doc VARCHAR NOT NULL);
