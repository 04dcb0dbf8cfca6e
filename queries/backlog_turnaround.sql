-- How fast is the queue worked? For escalations created in the window: time to
-- first claim (created → the first time anyone held it) and time to resolve
-- (created → resolved, duplicates left out, as in `resolved`) in minutes, p50 and
-- p90 by linear interpolation; overall, per reviewer (who resolved it, else who
-- holds it) and per severity. `items` is what a reviewer handled in the window;
-- `open` what they hold now.
-- The first claim is the earliest claimed_at the escalation's audit entries record
-- (claim, route, reassign, import) or the one it holds now: an unclaim clears
-- claimed_at, so the row alone would time a re-claimed item from its last claim, and
-- miss one that was claimed and put back.
-- Minutes from microseconds subtracted: TIMESTAMPTZ - TIMESTAMPTZ goes through ICU, about 3 µs a row.
WITH first_claims AS (
  SELECT target AS id, min(try_cast(after->>'claimed_at' AS TIMESTAMPTZ)) AS claimed_at
  FROM audit
  WHERE action IN ('claim', 'route', 'reassign', 'import')
  GROUP BY target
),
scoped AS (
  SELECT
    x.*,
    coalesce(x.resolved_by, x.claimed_by) AS reviewer,
    (epoch_us(least(x.claimed_at, f.claimed_at)) - epoch_us(x.created_at)) / 60e6 AS claim_minutes,
    CASE WHEN x.status = 'resolved' AND x.category <> 'duplicate'
         THEN (epoch_us(x.resolved_at) - epoch_us(x.created_at)) / 60e6 END AS resolve_minutes
  FROM escalations x
  JOIN events e ON e.id = x.event_id
  LEFT JOIN first_claims f ON f.id = x.id
  WHERE ($since IS NULL OR x.created_at >= $since::TIMESTAMPTZ)
    AND ($until IS NULL OR x.created_at < $until::TIMESTAMPTZ)
    AND ($team IS NULL OR e.team = $team)
    AND ($teams IS NULL OR list_contains($teams, e.team))
    AND ($config_id IS NULL OR e.config_id = $config_id)
)
SELECT
  CASE WHEN grouping(reviewer) = 0 THEN 'reviewer' WHEN grouping(severity) = 0 THEN 'severity' ELSE 'overall' END AS level,
  reviewer,
  severity,
  count(*) AS escalations,
  count(*) FILTER (WHERE reviewer IS NOT NULL) AS items,
  count(*) FILTER (WHERE status = 'claimed') AS open,
  count(resolve_minutes) AS resolved,
  quantile_cont(claim_minutes, 0.5) AS time_to_claim_p50_minutes,
  quantile_cont(claim_minutes, 0.9) AS time_to_claim_p90_minutes,
  quantile_cont(resolve_minutes, 0.5) AS time_to_resolve_p50_minutes,
  quantile_cont(resolve_minutes, 0.9) AS time_to_resolve_p90_minutes
FROM scoped
GROUP BY GROUPING SETS ((), (reviewer), (severity))
HAVING grouping(reviewer) = 1 OR reviewer IS NOT NULL
ORDER BY grouping(reviewer) DESC, grouping(severity) DESC, reviewer, severity;
