-- The teams events belong to, of those the caller may see ($teams NULL = every team), to name in a refusal.
SELECT DISTINCT team
FROM events
WHERE team IS NOT NULL
  AND ($teams IS NULL OR list_contains($teams, team))
ORDER BY team;
