-- A later line of the file with the same id supersedes an earlier one: only each id's last line stays.
DELETE FROM ingest_event_typed t
WHERE EXISTS (SELECT 1 FROM ingest_event_typed later WHERE later.id = t.id AND later.line > t.line);
