-- Which policies, reason codes, teams and config versions occur among the escalations
-- the caller may see? (The choices of the web queue's filter menus.)
SELECT 'policy' AS field, e.policy AS value
FROM escalations x JOIN events e ON e.id = x.event_id
WHERE e.policy IS NOT NULL AND ($teams IS NULL OR list_contains($teams, e.team))
UNION
SELECT 'reason_code', e.reason_code
FROM escalations x JOIN events e ON e.id = x.event_id
WHERE e.reason_code IS NOT NULL AND ($teams IS NULL OR list_contains($teams, e.team))
UNION
SELECT 'team', e.team
FROM escalations x JOIN events e ON e.id = x.event_id
WHERE e.team IS NOT NULL AND ($teams IS NULL OR list_contains($teams, e.team))
UNION
SELECT 'config_version', e.config_version
FROM escalations x JOIN events e ON e.id = x.event_id
WHERE e.config_version IS NOT NULL AND ($teams IS NULL OR list_contains($teams, e.team))
ORDER BY field, value;
