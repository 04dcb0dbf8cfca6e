-- One evidence pack's export entry in the audit log, found by its target (indexed): `evidence:` and the pack id.
SELECT seq, recorded_at, actor, after::VARCHAR AS after
FROM audit
WHERE target = $target AND action = 'evidence_export'
ORDER BY seq
LIMIT 1;
