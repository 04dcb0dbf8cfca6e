-- The natively read NDJSON rows that JavaScript finished whole (those with extra fields), dropped before their
-- staged versions are typed in.
DELETE FROM ingest_event_typed WHERE doc IS NOT NULL;
