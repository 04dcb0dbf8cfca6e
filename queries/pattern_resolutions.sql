-- The pattern around an escalation: escalations whose events share its policy, reason
-- code and config (id + version), within the caller's teams, counted by status,
-- outcome and category. (Escalations carry their event's fields; no events scan.)
SELECT x.status, x.outcome, x.category, count(*) AS n
FROM escalations x
WHERE x.event_policy IS NOT DISTINCT FROM $policy
  AND x.event_reason_code IS NOT DISTINCT FROM $reason_code
  AND x.event_config_id IS NOT DISTINCT FROM $config_id
  AND x.event_config_version IS NOT DISTINCT FROM $config_version
  AND ($teams IS NULL OR list_contains($teams, x.event_team))
GROUP BY ALL;
