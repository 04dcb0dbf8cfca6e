-- Which escalations match the queue filters, visible to the caller's teams, in the
-- chosen order (age: oldest first; due: soonest due first), after the cursor?
-- The sort key is in epoch microseconds so a cursor never skips or repeats a row.
WITH items AS (
  SELECT
    x.id, x.event_id, x.status, x.severity, x.created_at, x.due_at,
    epoch(coalesce(x.resolved_at, $now::TIMESTAMPTZ) - x.created_at) / 60.0 AS age_minutes,
    coalesce(x.status <> 'resolved' AND x.due_at < $now::TIMESTAMPTZ, false) AS overdue,
    x.claimed_by AS owner, x.claimed_at, x.resolved_by AS reviewer, x.resolved_at,
    x.origin = 'routed' AS routed, x.origin, x.outcome, x.category, x.cause, x.follow_up,
    e.policy, e.reason_code, e.team, e.config_id, e.config_version, e.provider, e.model,
    left(e.request, 160) AS request_excerpt,
    CASE WHEN $sort = 'due' THEN coalesce(epoch_us(x.due_at), 9007199254740991)
         ELSE epoch_us(x.created_at) END AS sort_key
  FROM escalations x
  JOIN events e ON e.id = x.event_id
  WHERE ($id IS NULL OR x.id = $id)
    AND ($status IS NULL OR x.status = $status)
    AND ($policy IS NULL OR e.policy = $policy)
    AND ($reason_code IS NULL OR e.reason_code = $reason_code)
    AND ($team IS NULL OR e.team = $team)
    AND ($config_version IS NULL OR e.config_version = $config_version)
    AND ($owner IS NULL OR x.claimed_by = $owner)
    AND ($severity IS NULL OR x.severity = $severity)
    AND ($teams IS NULL OR list_contains($teams, e.team))
)
SELECT * FROM items
WHERE ($overdue IS NULL OR overdue = $overdue)
  AND ($after_key IS NULL OR sort_key > $after_key::BIGINT OR (sort_key = $after_key::BIGINT AND id > $after_id))
ORDER BY sort_key, id
LIMIT $limit;
