-- The audit timelines of one page of evidence items (row numbers $first..$last), for
-- the PDF: who did what to each escalation, and when.
SELECT x.row_number, a.seq, a.recorded_at, a.actor, a.action, a.before, a.after
FROM evidence_audit a
JOIN evidence_escalations x ON x.id = a.target
WHERE x.row_number BETWEEN $first AND $last
ORDER BY x.row_number, a.seq;
