-- The pattern around an escalation: escalations whose events share its policy, reason
-- code and config (id + version), within the caller's teams, counted by status,
-- outcome and category.
SELECT x.status, x.outcome, x.category, count(*) AS n
FROM escalations x
JOIN events e ON e.id = x.event_id
WHERE e.policy IS NOT DISTINCT FROM $policy
  AND e.reason_code IS NOT DISTINCT FROM $reason_code
  AND e.config_id IS NOT DISTINCT FROM $config_id
  AND e.config_version IS NOT DISTINCT FROM $config_version
  AND ($teams IS NULL OR list_contains($teams, e.team))
GROUP BY ALL;
