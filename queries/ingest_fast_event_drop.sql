-- The fast path's temporary tables, dropped once their rows are staged.
DROP TABLE IF EXISTS ingest_fast_lines; DROP TABLE IF EXISTS ingest_fast_parsed; DROP TABLE IF EXISTS ingest_fast_rest;
