-- The workflow state of one escalation and the team of its event (for visibility checks).
SELECT x.id, x.event_id, x.status, x.claimed_by, x.claimed_at, x.resolved_by, x.resolved_at,
  x.outcome, x.category, x.cause, x.note, x.follow_up, e.team
FROM escalations x
JOIN events e ON e.id = x.event_id
WHERE x.id = $id;
