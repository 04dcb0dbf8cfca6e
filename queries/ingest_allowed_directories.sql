-- The directories this store's DuckDB may read (set when the store was opened).
SELECT current_setting('allowed_directories')::VARCHAR[] AS dirs;
