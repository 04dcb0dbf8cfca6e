-- Does any event belong to team $team? A misspelt --team is refused instead of answered with zeros.
SELECT EXISTS (SELECT 1 FROM events WHERE team = $team) AS known;
