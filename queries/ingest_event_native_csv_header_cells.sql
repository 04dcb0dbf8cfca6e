-- The cells of a CSV file's header row as DuckDB's CSV reader splits them (header = true would rename a repeated
-- or empty name, e.g. team → team_1, '' → column2, hiding what kt must refuse).
SELECT * FROM read_csv($path, header = false, all_varchar = true, allow_quoted_nulls = false, delim = ',',
  quote = '"', escape = '"', strict_mode = true, compression = $compression)
LIMIT 1;
