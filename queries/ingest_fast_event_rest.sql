-- The file's non-blank lines the fast path left to the zod path, kept for paging through in line order.
CREATE OR REPLACE TEMP TABLE ingest_fast_rest AS
SELECT f.line, f.raw
FROM ingest_fast_lines f
ANTI JOIN ingest_event_typed t ON t.line = f.line
WHERE f.raw IS NOT NULL;
