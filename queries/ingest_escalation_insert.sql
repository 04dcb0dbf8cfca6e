-- Imported escalations new to the store (or replacing an untouched automatic one).
INSERT INTO escalations (id, event_id, created_at, status, severity, due_at, claimed_by, claimed_at,
  resolved_by, resolved_at, outcome, category, cause, note, follow_up, origin, attributes)
SELECT id, event_id, created_at::TIMESTAMPTZ, status, severity, due_at::TIMESTAMPTZ, claimed_by,
  claimed_at::TIMESTAMPTZ, resolved_by, resolved_at::TIMESTAMPTZ, outcome, category, cause, note, follow_up,
  'import', attributes::JSON
FROM ingest_escalation_apply
WHERE action IN ('insert', 'replace');
