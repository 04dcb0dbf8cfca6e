-- A page of the natively read rows that carry policy results or extra fields: the whole row as JSON with its
-- key count where it has extra fields (JSON.parse keeps one of two equal keys; the count shows that it
-- happened), else just its policy results. Ids are distinct here.
SELECT id, doc, key_count, policy_results::VARCHAR AS policy_results
FROM ingest_event_typed
WHERE complex AND id > $after
ORDER BY id
LIMIT $page;
