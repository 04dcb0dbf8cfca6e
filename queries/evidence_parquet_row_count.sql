-- How many rows does an evidence pack's Parquet file hold?
SELECT count(*) AS n FROM read_parquet($path);
