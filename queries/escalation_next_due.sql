-- When does the next unresolved escalation fall due, at or after $now (epoch
-- microseconds, NULL if none)? Until then no escalation's overdue flag can change
-- without a write, so answers filtered on overdue hold (src/store/queue/clock-window.ts).
-- Every team and filter: one answer serves every caller's questions.
SELECT epoch_us(min(due_at)) AS next_due_us
FROM escalations
WHERE status <> 'resolved'
  AND due_at >= $now::TIMESTAMPTZ;
