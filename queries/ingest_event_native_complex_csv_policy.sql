-- The natively read CSV rows (of a file without extra columns) whose policy results JavaScript shapes with
-- zod, set apart (numbered) once for JavaScript to page through: just that cell ($at is its 1-based header
-- position). Ids are distinct here.
CREATE OR REPLACE TEMP TABLE ingest_event_complex AS
SELECT row_number() OVER () AS n, id, cells[$at] AS policy_results
FROM ingest_event_typed
WHERE complex;
