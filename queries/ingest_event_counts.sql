-- How the staged file compares with the store: rows staged, distinct ids inserted / updated / unchanged.
SELECT
  (SELECT count(*) FROM ingest_event_typed) AS staged,
  count(*) FILTER (WHERE change = 'insert') AS inserted,
  count(*) FILTER (WHERE change = 'update') AS updated,
  count(*) FILTER (WHERE change = 'same') AS unchanged
FROM ingest_event_latest;
