-- The latest resolution notes in the same pattern (policy, reason code, config id +
-- version), within the caller's teams, leaving out the escalation being viewed.
SELECT x.id AS escalation_id, x.resolved_by, x.resolved_at, x.outcome, x.category, x.cause, x.note
FROM escalations x
JOIN events e ON e.id = x.event_id
WHERE e.policy IS NOT DISTINCT FROM $policy
  AND e.reason_code IS NOT DISTINCT FROM $reason_code
  AND e.config_id IS NOT DISTINCT FROM $config_id
  AND e.config_version IS NOT DISTINCT FROM $config_version
  AND ($teams IS NULL OR list_contains($teams, e.team))
  AND x.status = 'resolved'
  AND x.note IS NOT NULL
  AND x.id <> $exclude_id
ORDER BY x.resolved_at DESC, x.id
LIMIT $limit;
