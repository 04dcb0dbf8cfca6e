-- Which rules produce false positives? Escalations grouped by the rule that raised
-- them (policy, reason code, config id and version), optionally split further by
-- team, provider or model ($by_team, $by_provider, $by_model). `resolved` leaves
-- out duplicates; with $cause set, only false positives of that cause count.
WITH scoped AS (
  -- Escalations alone: they carry their event's rule, team, provider, model and time
  -- (filled by ingest), so the wide events table is never scanned.
  SELECT
    x.event_policy AS policy, x.event_reason_code AS reason_code,
    x.event_config_id AS config_id, x.event_config_version AS config_version,
    x.event_team, x.event_provider, x.event_model,
    x.event_timestamp AS event_time,
    x.status, x.category, x.cause
  FROM escalations x
  WHERE x.event_timestamp IS NOT NULL -- the event is known (events.timestamp is NOT NULL)
    AND ($since IS NULL OR x.event_timestamp >= $since::TIMESTAMPTZ)
    AND ($until IS NULL OR x.event_timestamp < $until::TIMESTAMPTZ)
    AND ($team IS NULL OR x.event_team = $team)
    AND ($teams IS NULL OR list_contains($teams, x.event_team))
    AND ($config_id IS NULL OR x.event_config_id = $config_id)
),
clusters AS (
  SELECT
    policy, reason_code, config_id, config_version,
    CASE WHEN $by_team THEN event_team END AS team,
    CASE WHEN $by_provider THEN event_provider END AS provider,
    CASE WHEN $by_model THEN event_model END AS model,
    count(*) AS escalations,
    count(*) FILTER (WHERE status = 'resolved' AND category <> 'duplicate') AS resolved,
    count(*) FILTER (WHERE status = 'resolved' AND category = 'false_positive'
                       AND ($cause IS NULL OR cause = $cause)) AS false_positives,
    count(*) FILTER (WHERE status = 'resolved' AND category = 'benign_positive') AS benign_positives,
    count(*) FILTER (WHERE status = 'resolved' AND category = 'true_positive') AS true_positives,
    coalesce(list(DISTINCT event_team ORDER BY event_team) FILTER (WHERE event_team IS NOT NULL), []) AS teams,
    min(event_time) AS first_seen,
    max(event_time) AS last_seen
  FROM scoped
  GROUP BY ALL
)
SELECT *
FROM clusters
WHERE resolved >= $min_resolved
ORDER BY false_positives DESC,
         false_positives / nullif(resolved, 0) DESC NULLS LAST,
         policy, reason_code, config_id, config_version, team, provider, model;
