-- Which policies, reason codes, teams and config versions occur among the escalations
-- the caller may see? (The choices of the web queue's filter menus.) One pass: the
-- distinct combinations are few, the caller splits them per field.
SELECT DISTINCT e.policy, e.reason_code, e.team, e.config_version
FROM escalations x
JOIN events e ON e.id = x.event_id
WHERE $teams IS NULL OR list_contains($teams, e.team);
