-- A page of the natively read CSV rows (of a file without extra columns) whose policy results JavaScript
-- shapes with zod: just that cell ($at is its 1-based header position). Ids are distinct here.
SELECT id, cells[$at] AS policy_results
FROM ingest_event_typed
WHERE complex AND id > $after
ORDER BY id
LIMIT $page;
