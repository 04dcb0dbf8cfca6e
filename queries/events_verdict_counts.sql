-- How many events match the filter, per verdict? (The events page's verdict tabs.) The tail's
-- filters, bound the same way (NULL = no filter), except the verdict: every verdict is counted.
SELECT verdict, count(*)::BIGINT AS events
FROM events
WHERE ($since IS NULL OR "timestamp" >= $since::TIMESTAMPTZ)
  AND ($until IS NULL OR "timestamp" < $until::TIMESTAMPTZ)
  AND ($policy IS NULL OR policy = $policy)
  AND ($reason_code IS NULL OR reason_code = $reason_code)
  AND ($team IS NULL OR team = $team)
  AND ($config_id IS NULL OR config_id = $config_id)
  AND ($config_version IS NULL OR config_version = $config_version)
  AND ($teams IS NULL OR list_contains($teams::VARCHAR[], team))
GROUP BY verdict
