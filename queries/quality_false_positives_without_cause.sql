-- Which false positives say nothing about why? Resolved false positives with no
-- cause (policy_logic or detector_data): they cannot steer tuning.
SELECT
  x.id AS escalation_id, x.event_id, x.resolved_by, x.resolved_at,
  e.policy, e.reason_code, e.config_id, e.config_version, e.team
FROM escalations x
JOIN events e ON e.id = x.event_id
WHERE x.status = 'resolved' AND x.category = 'false_positive' AND x.cause IS NULL
  AND ($since IS NULL OR x.resolved_at >= $since::TIMESTAMPTZ)
  AND ($until IS NULL OR x.resolved_at < $until::TIMESTAMPTZ)
  AND ($team IS NULL OR e.team = $team)
  AND ($teams IS NULL OR list_contains($teams, e.team))
  AND ($config_id IS NULL OR e.config_id = $config_id)
ORDER BY x.resolved_at, x.id;
