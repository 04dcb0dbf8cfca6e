-- The next lines for the zod path, after the last one handled.
SELECT line::INTEGER AS line, raw FROM ingest_fast_rest WHERE line > $after ORDER BY line LIMIT $page;
