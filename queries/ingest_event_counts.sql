-- How the file's distinct ids compare with the store: inserted / updated / unchanged.
SELECT
  count(*) FILTER (WHERE change = 'insert') AS inserted,
  count(*) FILTER (WHERE change = 'update') AS updated,
  count(*) FILTER (WHERE change = 'same') AS unchanged
FROM ingest_event_latest;
