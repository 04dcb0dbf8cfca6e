-- What is waiting now? Open escalations (whatever their age) as of $now: queued,
-- claimed, overdue (past their due time) and the age of the oldest unclaimed one,
-- overall (severity NULL, level 'overall') and per severity.
SELECT
  CASE WHEN grouping(x.severity) = 1 THEN 'overall' ELSE 'severity' END AS level,
  x.severity,
  count(*) FILTER (WHERE x.status = 'queued') AS queued,
  count(*) FILTER (WHERE x.status = 'claimed') AS claimed,
  count(*) FILTER (WHERE x.due_at < $now::TIMESTAMPTZ) AS overdue,
  epoch($now::TIMESTAMPTZ - min(x.created_at) FILTER (WHERE x.status = 'queued')) / 60.0 AS oldest_unclaimed_minutes
FROM escalations x
JOIN events e ON e.id = x.event_id
WHERE x.status <> 'resolved'
  AND x.created_at <= $now::TIMESTAMPTZ
  AND ($team IS NULL OR e.team = $team)
  AND ($teams IS NULL OR list_contains($teams, e.team))
  AND ($config_id IS NULL OR e.config_id = $config_id)
GROUP BY GROUPING SETS ((), (x.severity))
ORDER BY grouping(x.severity) DESC, x.severity;
