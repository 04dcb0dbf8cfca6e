-- The natively read rows that JavaScript finished, dropped before their staged versions are typed in.
DELETE FROM ingest_event_typed WHERE complex;
