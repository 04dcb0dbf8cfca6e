-- Did teams hit the same issue after a rollout? For each config deploy in the window
-- and each team with traffic under that config: the team's events and escalations in
-- the $window_ms before the deploy and in the $window_ms after it, cut at the config's neighbouring
-- deploys (kind 'team'), and
-- the same per issue (policy + reason code) that escalated, with the team's events
-- as the denominator of its rate for that issue (kind 'issue'). One pass over the
-- events table (three narrow columns) for the traffic; escalations are counted from
-- the escalations table alone, which carries its event's time, config, team and rule.
WITH all_deploys AS (
  SELECT config_id, version AS config_version, deployed_at,
         lag(deployed_at) OVER (PARTITION BY config_id ORDER BY deployed_at, version) AS previous_deploy,
         lead(deployed_at) OVER (PARTITION BY config_id ORDER BY deployed_at, version) AS next_deploy
  FROM configs
  WHERE deployed_at IS NOT NULL
),
-- As volume_config_deploys: each window cut at the config's neighbouring deploys, so that before is
-- the replaced version's traffic and after this version's own, never the next one's, and at $now.
deploys AS (
  SELECT config_id, config_version, deployed_at,
         greatest(deployed_at - to_milliseconds($window_ms), coalesce(previous_deploy, deployed_at - to_milliseconds($window_ms))) AS window_start,
         least(deployed_at + to_milliseconds($window_ms), coalesce(next_deploy, deployed_at + to_milliseconds($window_ms)), $now::TIMESTAMPTZ) AS window_end
  FROM all_deploys
  WHERE ($since IS NULL OR deployed_at >= $since::TIMESTAMPTZ)
    AND ($until IS NULL OR deployed_at < $until::TIMESTAMPTZ)
    AND ($config_id IS NULL OR config_id = $config_id)
),
traffic AS (
  SELECT d.config_id, d.config_version, d.deployed_at, e.team,
         count(*) FILTER (WHERE e."timestamp" < d.deployed_at) AS before_events,
         count(*) FILTER (WHERE e."timestamp" >= d.deployed_at) AS after_events
  FROM deploys d
  JOIN events e
    ON e.config_id = d.config_id
   AND e."timestamp" >= d.window_start
   AND e."timestamp" < d.window_end
  WHERE e.team IS NOT NULL
    AND ($team IS NULL OR e.team = $team)
    AND ($teams IS NULL OR list_contains($teams, e.team))
  GROUP BY ALL
),
issues AS (
  SELECT d.config_id, d.config_version, d.deployed_at, x.event_team AS team,
         x.event_policy AS policy, x.event_reason_code AS reason_code,
         count(*) FILTER (WHERE x.event_timestamp < d.deployed_at) AS before_escalations,
         count(*) FILTER (WHERE x.event_timestamp >= d.deployed_at) AS after_escalations
  FROM deploys d
  JOIN escalations x
    ON x.event_config_id = d.config_id
   AND x.event_timestamp >= d.window_start
   AND x.event_timestamp < d.window_end
  WHERE x.event_team IS NOT NULL
    AND ($team IS NULL OR x.event_team = $team)
    AND ($teams IS NULL OR list_contains($teams, x.event_team))
  GROUP BY ALL
),
team_escalations AS (
  SELECT config_id, config_version, deployed_at, team,
         sum(before_escalations) AS before_escalations,
         sum(after_escalations) AS after_escalations
  FROM issues
  GROUP BY ALL
)
SELECT 'team' AS kind, t.config_id, t.config_version, t.deployed_at, t.team,
       NULL::VARCHAR AS policy, NULL::VARCHAR AS reason_code,
       t.before_events, coalesce(s.before_escalations, 0)::BIGINT AS before_escalations,
       t.after_events, coalesce(s.after_escalations, 0)::BIGINT AS after_escalations
FROM traffic t
LEFT JOIN team_escalations s USING (config_id, config_version, deployed_at, team)
UNION ALL
SELECT 'issue' AS kind, i.config_id, i.config_version, i.deployed_at, i.team, i.policy, i.reason_code,
       t.before_events, i.before_escalations, t.after_events, i.after_escalations
FROM issues i
JOIN traffic t USING (config_id, config_version, deployed_at, team)
ORDER BY kind DESC, deployed_at, config_id, config_version, policy, reason_code, team;
