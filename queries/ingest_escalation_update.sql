-- Stored escalations whose imported row changed take the imported values (origin becomes 'import').
UPDATE escalations SET
  created_at = a.created_at::TIMESTAMPTZ, status = a.status, severity = a.severity, due_at = a.due_at::TIMESTAMPTZ,
  claimed_by = a.claimed_by, claimed_at = a.claimed_at::TIMESTAMPTZ, resolved_by = a.resolved_by,
  resolved_at = a.resolved_at::TIMESTAMPTZ, outcome = a.outcome, category = a.category, cause = a.cause,
  note = a.note, follow_up = a.follow_up, origin = 'import', attributes = a.attributes::JSON,
  updated_at = current_timestamp
FROM ingest_escalation_apply a
WHERE escalations.id = a.id AND a.action = 'update';
