-- A page of the natively read rows that carry policy results or extra fields, as JSON, with their key
-- count (JSON.parse keeps one of two equal keys; the count shows that it happened). Ids are distinct here.
SELECT id, doc, key_count
FROM ingest_event_typed
WHERE complex AND id > $after
ORDER BY id
LIMIT $page;
