-- The natively read CSV rows that JavaScript finished whole (policy results or extra columns), dropped before
-- their staged versions are typed in.
DELETE FROM ingest_event_typed WHERE complex;
