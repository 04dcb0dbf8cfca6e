-- How many of the file's rows the fast path typed.
SELECT count(*)::BIGINT AS typed FROM ingest_event_typed;
