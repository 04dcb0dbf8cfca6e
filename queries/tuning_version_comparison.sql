-- Did a new config version help? For one policy (optionally one reason code) of one
-- config, the traffic and review outcomes under the $before and $after versions.
-- Traffic is every event evaluated under that config id and version (the
-- denominator of escalations per 1,000 events); `resolved` leaves out duplicates
-- and time to resolve is measured over those same resolutions.
WITH versions AS (
  SELECT * FROM (VALUES (1, $before::VARCHAR), (2, $after::VARCHAR)) v(ord, config_version)
),
-- Whole UTC hours of the window are counted from event_traffic_hourly, which ingest keeps;
-- only the part hours at its edges are counted from events (none when it is open-ended).
traffic_parts AS (
  SELECT h.config_version, sum(h.events) AS events
  FROM event_traffic_hourly h
  WHERE h.config_id = $config_id
    AND h.config_version IN ($before, $after)
    AND ($since IS NULL OR h.hour_start >= utc_hour_ceil($since::TIMESTAMPTZ))
    AND ($until IS NULL OR h.hour_start < utc_hour($until::TIMESTAMPTZ))
    AND ($team IS NULL OR h.team = $team)
    AND ($teams IS NULL OR list_contains($teams, h.team))
  GROUP BY h.config_version
  UNION ALL
  -- from $since to the first whole hour (or to $until, if sooner)
  SELECT e.config_version, count(*) AS events
  FROM events e
  WHERE $since IS NOT NULL
    AND e."timestamp" >= $since::TIMESTAMPTZ
    AND e."timestamp" < least(utc_hour_ceil($since::TIMESTAMPTZ), $until::TIMESTAMPTZ)
    AND e.config_id = $config_id
    AND e.config_version IN ($before, $after)
    AND ($team IS NULL OR e.team = $team)
    AND ($teams IS NULL OR list_contains($teams, e.team))
  GROUP BY e.config_version
  UNION ALL
  -- from the end of the last whole hour (or where the part above stopped) to $until
  SELECT e.config_version, count(*) AS events
  FROM events e
  WHERE $until IS NOT NULL
    AND e."timestamp" >= CASE WHEN $since IS NULL THEN utc_hour($until::TIMESTAMPTZ)
      ELSE greatest(utc_hour($until::TIMESTAMPTZ), least(utc_hour_ceil($since::TIMESTAMPTZ), $until::TIMESTAMPTZ)) END
    AND e."timestamp" < $until::TIMESTAMPTZ
    AND e.config_id = $config_id
    AND e.config_version IN ($before, $after)
    AND ($team IS NULL OR e.team = $team)
    AND ($teams IS NULL OR list_contains($teams, e.team))
  GROUP BY e.config_version
),
traffic AS (
  SELECT config_version, sum(events) AS events FROM traffic_parts GROUP BY config_version
),
-- Escalations alone: they carry their event's config, rule, team and time.
reviews AS (
  SELECT
    x.event_config_version AS config_version,
    count(*) AS escalations,
    count(*) FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate') AS resolved,
    count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'false_positive') AS false_positives,
    count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'true_positive') AS true_positives,
    -- Microseconds subtracted, not TIMESTAMPTZ - TIMESTAMPTZ: the ICU interval made that
    -- about 3 µs a row, most of this question's time over 100k escalations.
    median((epoch_us(x.resolved_at) - epoch_us(x.created_at)) / 60e6)
      FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate') AS median_minutes_to_resolve
  FROM escalations x
  WHERE x.event_config_id = $config_id
    AND x.event_config_version IN ($before, $after)
    AND ($since IS NULL OR x.event_timestamp >= $since::TIMESTAMPTZ)
    AND ($until IS NULL OR x.event_timestamp < $until::TIMESTAMPTZ)
    AND ($team IS NULL OR x.event_team = $team)
    AND ($teams IS NULL OR list_contains($teams, x.event_team))
    AND x.event_policy = $policy
    AND ($reason_code IS NULL OR x.event_reason_code = $reason_code)
  GROUP BY x.event_config_version
)
SELECT
  v.config_version,
  coalesce(t.events, 0) AS events,
  coalesce(r.escalations, 0) AS escalations,
  coalesce(r.resolved, 0) AS resolved,
  coalesce(r.false_positives, 0) AS false_positives,
  coalesce(r.true_positives, 0) AS true_positives,
  r.median_minutes_to_resolve
FROM versions v
LEFT JOIN traffic t USING (config_version)
LEFT JOIN reviews r USING (config_version)
ORDER BY v.ord;
