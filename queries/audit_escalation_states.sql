-- Every escalation's workflow fields as stored, for `kt audit verify` to hold against what the audit log records.
SELECT id, status, claimed_by, resolved_by, outcome, category, cause, note, follow_up
FROM escalations;
