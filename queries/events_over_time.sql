-- How many events match the filter in each UTC hour or day ($bucket: 'hour' or 'day'), per verdict?
-- (The events page's chart.) The tail's filters, bound the same way (NULL = no filter); the
-- session's time zone is UTC, so the buckets are UTC hours and days.
SELECT date_trunc($bucket, "timestamp") AS bucket_start, verdict, count(*)::BIGINT AS events
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
GROUP BY ALL
ORDER BY bucket_start, verdict
