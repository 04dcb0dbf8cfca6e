-- Untouched automatic escalations that an imported escalation for the same event replaces.
DELETE FROM escalations
WHERE id IN (SELECT replaces FROM ingest_escalation_apply WHERE action = 'replace');
