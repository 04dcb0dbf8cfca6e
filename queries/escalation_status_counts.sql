-- How many escalations per status match the queue filters (the status filter aside,
-- so a client can show every tab's count), within the caller's teams?
SELECT x.status, count(*) AS n
FROM escalations x
JOIN events e ON e.id = x.event_id
WHERE ($policy IS NULL OR e.policy = $policy)
  AND ($reason_code IS NULL OR e.reason_code = $reason_code)
  AND ($team IS NULL OR e.team = $team)
  AND ($config_version IS NULL OR e.config_version = $config_version)
  AND ($owner IS NULL OR x.claimed_by = $owner)
  AND ($severity IS NULL OR x.severity = $severity)
  AND ($teams IS NULL OR list_contains($teams, e.team))
  AND ($overdue IS NULL OR coalesce(x.status <> 'resolved' AND x.due_at < $now::TIMESTAMPTZ, false) = $overdue)
GROUP BY x.status;
