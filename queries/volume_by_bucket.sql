-- How did review volume move? Escalations per day or week ($bucket) and per team,
-- policy or reason code ($by), with how many of them were resolved (duplicates left
-- out) and how many were false positives. Each escalation counts in the bucket of
-- its event's time (a cohort view: the fate of what arrived that day). Escalations
-- alone: they carry their event's time, team, rule and config (filled by ingest).
-- $policy (the tuning report's daily lines, not the volume question) keeps one policy.
SELECT
  strftime(date_trunc($bucket, x.event_timestamp), '%Y-%m-%d') AS bucket_start,
  CASE $by WHEN 'team' THEN x.event_team WHEN 'policy' THEN x.event_policy WHEN 'reason_code' THEN x.event_reason_code END AS group_value,
  count(*) AS escalations,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate') AS resolved,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'false_positive') AS false_positives
FROM escalations x
WHERE x.event_timestamp IS NOT NULL -- the event is known (events.timestamp is NOT NULL)
  AND ($since IS NULL OR x.event_timestamp >= $since::TIMESTAMPTZ)
  AND ($until IS NULL OR x.event_timestamp < $until::TIMESTAMPTZ)
  AND ($team IS NULL OR x.event_team = $team)
  AND ($teams IS NULL OR list_contains($teams, x.event_team))
  AND ($config_id IS NULL OR x.event_config_id = $config_id)
  AND ($policy IS NULL OR x.event_policy = $policy)
GROUP BY ALL
ORDER BY bucket_start, group_value NULLS LAST;
