-- The latest resolution notes in the same pattern (policy, reason code, config id +
-- version), within the caller's teams, leaving out the escalation being viewed.
-- (Escalations carry their event's fields; no events scan.)
SELECT x.id AS escalation_id, x.resolved_by, x.resolved_at, x.outcome, x.category, x.cause, x.note
FROM escalations x
WHERE x.event_policy IS NOT DISTINCT FROM $policy
  AND x.event_reason_code IS NOT DISTINCT FROM $reason_code
  AND x.event_config_id IS NOT DISTINCT FROM $config_id
  AND x.event_config_version IS NOT DISTINCT FROM $config_version
  AND ($teams IS NULL OR list_contains($teams, x.event_team))
  AND x.status = 'resolved'
  AND x.note IS NOT NULL
  AND x.id <> $exclude_id
ORDER BY x.resolved_at DESC, x.id
LIMIT $limit;
