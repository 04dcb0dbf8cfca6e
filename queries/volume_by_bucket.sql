-- How did review volume move? Escalations per day or week ($bucket) and per team,
-- policy or reason code ($by), with how many of them were resolved (duplicates left
-- out) and how many were false positives. Each escalation counts in the bucket of
-- its event's time (a cohort view: the fate of what arrived that day).
SELECT
  strftime(date_trunc($bucket, e."timestamp"), '%Y-%m-%d') AS bucket_start,
  CASE $by WHEN 'team' THEN e.team WHEN 'policy' THEN e.policy WHEN 'reason_code' THEN e.reason_code END AS group_value,
  count(*) AS escalations,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate') AS resolved,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'false_positive') AS false_positives
FROM escalations x
JOIN events e ON e.id = x.event_id
WHERE ($since IS NULL OR e."timestamp" >= $since::TIMESTAMPTZ)
  AND ($until IS NULL OR e."timestamp" < $until::TIMESTAMPTZ)
  AND ($team IS NULL OR e.team = $team)
  AND ($teams IS NULL OR list_contains($teams, e.team))
  AND ($config_id IS NULL OR e.config_id = $config_id)
GROUP BY ALL
ORDER BY bucket_start, group_value NULLS LAST;
