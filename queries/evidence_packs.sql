-- Every evidence pack exported so far, newest first: the evidence_export entries of the audit log,
-- which name each pack's folder, scope, counts and manifest hash (`after`, as JSON text).
SELECT seq, recorded_at, actor, after::VARCHAR AS after
FROM audit
WHERE action = 'evidence_export'
ORDER BY seq DESC;
