-- A page of the natively read CSV rows that carry policy results or extra columns: their cells, in header order.
SELECT id, cells
FROM ingest_event_typed
WHERE complex AND id > $after
ORDER BY id
LIMIT $page;
