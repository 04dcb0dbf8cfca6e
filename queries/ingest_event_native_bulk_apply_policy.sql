-- The rows whose policy results alone zod shaped (still marked `complex` in ingest_event_typed) take them in place
-- of what DuckDB read, and lose the note of what finishing needed; every other field was checked by SQL already.
-- Writing one column, not all of them, is most of what this costs (5M events: 0.3 s against 2.3 s).
UPDATE events SET policy_results = t.policy_results, attributes = NULL
FROM ingest_event_typed t
WHERE events.id = t.id AND t.complex;
