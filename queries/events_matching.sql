-- Which events match the filter? The one definition of the events filter, which the tail, the
-- export, a follower, the verdict counts and the chart read as `matching_events` (see
-- matchingEventsQuery). Every filter is a bound parameter and NULL means "no filter"; $since is
-- inclusive, $until exclusive; $teams (the caller's team limits) NULL means every team.
SELECT *
FROM events
WHERE ($since IS NULL OR "timestamp" >= $since::TIMESTAMPTZ)
  AND ($until IS NULL OR "timestamp" < $until::TIMESTAMPTZ)
  AND ($verdict IS NULL OR verdict = $verdict)
  AND ($policy IS NULL OR policy = $policy)
  AND ($reason_code IS NULL OR reason_code = $reason_code)
  AND ($team IS NULL OR team = $team)
  AND ($config_id IS NULL OR config_id = $config_id)
  AND ($config_version IS NULL OR config_version = $config_version)
  AND ($teams IS NULL OR list_contains($teams::VARCHAR[], team))
