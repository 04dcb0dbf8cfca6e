-- Staging for one file's valid escalation rows (line, the row verbatim, the validated row as JSON); temporary.
CREATE OR REPLACE TEMP TABLE ingest_escalation_stage (line INTEGER NOT NULL, raw VARCHAR NOT NULL, doc VARCHAR NOT NULL);
