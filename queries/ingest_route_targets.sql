-- Which config version + provider + model combinations the file's new escalate events (those without an
-- escalation yet) were decided under, with that version's stored document, to look up routing. Read from the
-- file's typed rows (one per id), not the ingest_event_latest view: by now its join finds every row stored.
SELECT DISTINCT l.config_id, l.config_version, l.provider, l.model, c.document::VARCHAR AS document
FROM ingest_event_typed l
JOIN configs c ON c.config_id = l.config_id AND c.version = l.config_version
WHERE l.verdict = 'escalate'
  AND NOT EXISTS (SELECT 1 FROM escalations x WHERE x.event_id = l.id);
