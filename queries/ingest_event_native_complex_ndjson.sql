-- The natively read rows that carry policy results or extra fields, set apart (numbered) once so that
-- JavaScript can page through them without a scan of the whole file's rows per page: the whole row as
-- JSON with its key count where it has extra fields (JSON.parse keeps one of two equal keys; the count
-- shows that it happened), else just its policy results. Ids are distinct here.
CREATE OR REPLACE TEMP TABLE ingest_event_complex AS
SELECT row_number() OVER () AS n, id, doc, key_count, policy_results::VARCHAR AS policy_results
FROM ingest_event_typed
WHERE complex;
