-- How many escalations per status match the queue filters (the status filter aside,
-- so a client can show every tab's count), within the caller's teams? Escalations
-- alone: they carry their event's policy, reason code, team and config version.
SELECT x.status, count(*) AS n
FROM escalations x
WHERE ($policy IS NULL OR x.event_policy = $policy)
  AND ($reason_code IS NULL OR x.event_reason_code = $reason_code)
  AND ($team IS NULL OR x.event_team = $team)
  AND ($config_version IS NULL OR x.event_config_version = $config_version)
  AND ($owner IS NULL OR x.claimed_by = $owner)
  AND ($severity IS NULL OR x.severity = $severity)
  AND ($teams IS NULL OR list_contains($teams, x.event_team))
  AND ($overdue IS NULL OR coalesce(x.status <> 'resolved' AND x.due_at < $now::TIMESTAMPTZ, false) = $overdue)
GROUP BY x.status;
