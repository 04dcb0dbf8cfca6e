-- The natively read CSV rows that carry policy results or extra columns, set apart (numbered) once for
-- JavaScript to page through: their cells, in header order.
CREATE OR REPLACE TEMP TABLE ingest_event_complex AS
SELECT row_number() OVER () AS n, id, cells
FROM ingest_event_typed
WHERE complex;
