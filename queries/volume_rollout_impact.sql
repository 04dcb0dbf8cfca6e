-- Did teams hit the same issue after a rollout? For each config deploy in the
-- window and each team with traffic under that config, the events and escalations
-- in the $window_ms before the deploy and in the $window_ms after it.
WITH deploys AS (
  SELECT config_id, version AS config_version, deployed_at
  FROM configs
  WHERE deployed_at IS NOT NULL
    AND ($since IS NULL OR deployed_at >= $since::TIMESTAMPTZ)
    AND ($until IS NULL OR deployed_at < $until::TIMESTAMPTZ)
    AND ($config_id IS NULL OR config_id = $config_id)
)
SELECT
  d.config_id, d.config_version, d.deployed_at, e.team,
  count(*) FILTER (WHERE e."timestamp" < d.deployed_at) AS before_events,
  count(x.id) FILTER (WHERE e."timestamp" < d.deployed_at) AS before_escalations,
  count(*) FILTER (WHERE e."timestamp" >= d.deployed_at) AS after_events,
  count(x.id) FILTER (WHERE e."timestamp" >= d.deployed_at) AS after_escalations
FROM deploys d
JOIN events e
  ON e.config_id = d.config_id
 AND e."timestamp" >= d.deployed_at - to_milliseconds($window_ms)
 AND e."timestamp" < d.deployed_at + to_milliseconds($window_ms)
LEFT JOIN escalations x ON x.event_id = e.id
WHERE e.team IS NOT NULL
  AND ($team IS NULL OR e.team = $team)
  AND ($teams IS NULL OR list_contains($teams, e.team))
GROUP BY ALL
ORDER BY d.deployed_at, d.config_id, d.config_version, e.team;
