-- The newest audit entry an evidence pack's audit.parquet holds: a store whose log no longer
-- reaches the pack's chain head but holds this entry is the store the pack came from, cut back.
SELECT seq, hash FROM read_parquet($path) ORDER BY seq DESC LIMIT 1;
