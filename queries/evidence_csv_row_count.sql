-- How many data rows does an evidence pack's CSV file hold (header excluded)?
SELECT count(*) AS n FROM read_csv($path, header = true, all_varchar = true, quote = '"', escape = '"');
