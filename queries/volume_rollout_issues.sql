-- Did several teams hit the same issue after a rollout? For each config deploy in
-- the window, each team and each issue (policy + reason code) that escalated in the
-- $window_ms before or after it: the issue's escalations and the team's events in
-- each period (the denominator of the team's rate for that issue).
WITH deploys AS (
  SELECT config_id, version AS config_version, deployed_at
  FROM configs
  WHERE deployed_at IS NOT NULL
    AND ($since IS NULL OR deployed_at >= $since::TIMESTAMPTZ)
    AND ($until IS NULL OR deployed_at < $until::TIMESTAMPTZ)
    AND ($config_id IS NULL OR config_id = $config_id)
),
windowed AS (
  SELECT d.config_id, d.config_version, d.deployed_at, e.team, e.policy, e.reason_code,
         e."timestamp" < d.deployed_at AS is_before, x.id AS escalation_id
  FROM deploys d
  JOIN events e
    ON e.config_id = d.config_id
   AND e."timestamp" >= d.deployed_at - to_milliseconds($window_ms)
   AND e."timestamp" < d.deployed_at + to_milliseconds($window_ms)
  LEFT JOIN escalations x ON x.event_id = e.id
  WHERE e.team IS NOT NULL
    AND ($team IS NULL OR e.team = $team)
    AND ($teams IS NULL OR list_contains($teams, e.team))
),
traffic AS (
  SELECT config_id, config_version, deployed_at, team,
         count(*) FILTER (WHERE is_before) AS before_events,
         count(*) FILTER (WHERE NOT is_before) AS after_events
  FROM windowed
  GROUP BY ALL
),
issues AS (
  SELECT config_id, config_version, deployed_at, team, policy, reason_code,
         count(*) FILTER (WHERE is_before) AS before_escalations,
         count(*) FILTER (WHERE NOT is_before) AS after_escalations
  FROM windowed
  WHERE escalation_id IS NOT NULL
  GROUP BY ALL
)
SELECT i.config_id, i.config_version, i.deployed_at, i.policy, i.reason_code, i.team,
       t.before_events, i.before_escalations, t.after_events, i.after_escalations
FROM issues i
JOIN traffic t USING (config_id, config_version, deployed_at, team)
ORDER BY i.deployed_at, i.config_id, i.config_version, i.policy, i.reason_code, i.team;
