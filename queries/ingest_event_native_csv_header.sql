-- The column names DuckDB's CSV reader takes from the file's header row, in order.
DESCRIBE SELECT * FROM read_csv($path, header = true, all_varchar = true, allow_quoted_nulls = false, delim = ',',
  quote = '"', escape = '"', strict_mode = true, compression = $compression);
