-- The audit timeline of the escalations of an evidence pack: every entry naming one
-- of them, up to the chain head at export time ($head_seq), in chain order.
SELECT a.seq, a.recorded_at, a.actor, a.action, a.target, a.before::VARCHAR AS before,
       a.after::VARCHAR AS after, a.prev_hash, a.hash
FROM audit a
WHERE a.target IN (SELECT id FROM evidence_escalations)
  AND a.seq <= $head_seq
ORDER BY a.seq;
