-- How many rows ingest_event_typed holds.
SELECT count(*) AS n FROM ingest_event_typed;
