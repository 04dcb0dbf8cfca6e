-- Every escalation's workflow fields and times as stored, for `kt audit verify` to hold against what the audit log records.
SELECT id, status, claimed_by, resolved_by, outcome, category, cause, note, follow_up,
       event_id, created_at, severity, due_at, claimed_at, resolved_at
FROM escalations;
