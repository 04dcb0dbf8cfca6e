-- The workflow state of one escalation and the team of its event (for visibility checks;
-- the escalation carries its event's team, so this is one primary-key lookup).
SELECT x.id, x.event_id, x.status, x.claimed_by, x.claimed_at, x.resolved_by, x.resolved_at,
  x.outcome, x.category, x.cause, x.note, x.follow_up, x.event_team AS team
FROM escalations x
WHERE x.id = $id;
