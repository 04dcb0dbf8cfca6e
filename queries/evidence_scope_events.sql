-- The events linked to the escalations of an evidence pack (evidence_escalations, a
-- temporary table of the export's own connection), every column as stored.
SELECT e.*
FROM events e
WHERE e.id IN (SELECT event_id FROM evidence_escalations)
ORDER BY e."timestamp", e.id;
