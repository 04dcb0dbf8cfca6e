-- The columns of one of an evidence export's temporary tables, in order, and which hold text (for the CSV's formula guard).
SELECT column_name AS name, data_type = 'VARCHAR' AS text
FROM duckdb_columns()
WHERE table_name = $table AND database_name = 'temp'
ORDER BY column_index;
