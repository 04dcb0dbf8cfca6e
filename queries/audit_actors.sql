-- Who has audit entries (for the audit page's filter), with a team-limited viewer's limit as in audit_search.
SELECT DISTINCT a.actor
FROM audit a
WHERE $teams IS NULL OR EXISTS (SELECT 1 FROM escalations x WHERE x.id = a.target AND list_contains($teams, x.event_team))
ORDER BY a.actor;
