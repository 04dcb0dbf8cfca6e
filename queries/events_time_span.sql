-- The oldest and newest event among the teams the caller may see ($teams; NULL = every team):
-- the span of quarters the reports page offers a volume report for, and the stored span an events
-- chart's window is cut to.
SELECT min(e."timestamp") AS oldest_event, max(e."timestamp") AS newest_event
FROM events e
WHERE ($teams IS NULL OR list_contains($teams, e.team));
