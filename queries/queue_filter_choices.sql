-- Which policies, reason codes, teams, config versions and config ids occur among the escalations
-- the caller may see? (The choices of the web queue's filter menus.) One pass over
-- escalations, which carry their event's fields: the distinct combinations are few,
-- the caller splits them per field.
SELECT DISTINCT x.event_policy AS policy, x.event_reason_code AS reason_code, x.event_team AS team,
  x.event_config_version AS config_version, x.event_config_id AS config_id
FROM escalations x
WHERE $teams IS NULL OR list_contains($teams, x.event_team);
