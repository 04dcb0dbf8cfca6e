-- What the native read of one file found: rows, rows the zod path might treat differently, distinct ids
-- (a repeated id goes down the zod path, which knows which line came last) and rows finished in JavaScript.
SELECT count(*) AS total,
  count(*) FILTER (WHERE NOT sure) AS unsure,
  count(DISTINCT id) AS ids,
  count(*) FILTER (WHERE complex) AS complex
FROM ingest_event_typed;
