-- Which policies, reason codes, teams, config ids and versions occur among the events the caller
-- may see? (The choices of the web events page's filter menus.) One pass over events: the
-- distinct combinations are few, the caller splits them per field.
SELECT DISTINCT policy, reason_code, team, config_id, config_version
FROM events
WHERE $teams IS NULL OR list_contains($teams::VARCHAR[], team)
