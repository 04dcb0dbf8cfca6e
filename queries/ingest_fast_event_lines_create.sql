-- The NDJSON file's physical lines, numbered from 1 in file order, read by DuckDB itself (gzip too):
-- one VARCHAR column (no quoting, a delimiter no JSON line holds); a blank line reads as NULL.
-- The caller makes sure the file holds no carriage return and no byte-order mark, the two
-- places where this reader and the JavaScript line splitter would disagree.
CREATE OR REPLACE TEMP TABLE ingest_fast_lines AS
SELECT row_number() OVER () AS line, raw
FROM read_csv($path, columns = {'raw': 'VARCHAR'}, header = false, auto_detect = false, delim = e'\x01',
  quote = '', escape = '', new_line = '\n', max_line_size = 16777216, parallel = false);
