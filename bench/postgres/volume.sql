-- kt's volume question in PostgreSQL's dialect (by day and team, 7-day rollout window,
-- every deploy): queries/volume_by_bucket.sql, volume_config_deploys.sql and
-- volume_rollout.sql, the same rows kt computes its rollout impact from (each team's
-- events and escalations before and after each deploy, overall and per issue).
-- Ties are broken in byte order (COLLATE "C"), as DuckDB does.
SET jit = off; -- PostgreSQL's best case here: JIT compilation costs more than it saves on these queries

SELECT to_char(date_trunc('day', e."timestamp"), 'YYYY-MM-DD') AS bucket_start, e.team,
  count(*) AS escalations,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate') AS resolved,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'false_positive') AS false_positives
FROM escalations x JOIN events e ON e.id = x.event_id
GROUP BY 1, 2 ORDER BY 1, e.team COLLATE "C";

SELECT config_id, version AS config_version, deployed_at
FROM configs
WHERE deployed_at IS NOT NULL
ORDER BY deployed_at, config_id COLLATE "C", version COLLATE "C";

WITH deploys AS (
  SELECT config_id, version AS config_version, deployed_at,
         deployed_at - interval '7 days' AS window_start, deployed_at + interval '7 days' AS window_end
  FROM configs
  WHERE deployed_at IS NOT NULL
),
windowed AS MATERIALIZED (
  SELECT d.config_id, d.config_version, d.deployed_at, e.team, e.policy, e.reason_code,
         e."timestamp" < d.deployed_at AS is_before, x.id AS escalation_id
  FROM deploys d
  JOIN events e ON e.config_id = d.config_id AND e."timestamp" >= d.window_start AND e."timestamp" < d.window_end
  LEFT JOIN escalations x ON x.event_id = e.id
  WHERE e.team IS NOT NULL
),
traffic AS (
  SELECT config_id, config_version, deployed_at, team,
         count(*) FILTER (WHERE is_before) AS before_events,
         count(escalation_id) FILTER (WHERE is_before) AS before_escalations,
         count(*) FILTER (WHERE NOT is_before) AS after_events,
         count(escalation_id) FILTER (WHERE NOT is_before) AS after_escalations
  FROM windowed
  GROUP BY 1, 2, 3, 4
),
issues AS (
  SELECT config_id, config_version, deployed_at, team, policy, reason_code,
         count(*) FILTER (WHERE is_before) AS before_escalations,
         count(*) FILTER (WHERE NOT is_before) AS after_escalations
  FROM windowed
  WHERE escalation_id IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6
)
SELECT * FROM (
SELECT 'team' AS kind, config_id, config_version, deployed_at, team, NULL::text AS policy, NULL::text AS reason_code,
       before_events, before_escalations, after_events, after_escalations
FROM traffic
UNION ALL
SELECT 'issue', i.config_id, i.config_version, i.deployed_at, i.team, i.policy, i.reason_code,
       t.before_events, i.before_escalations, t.after_events, i.after_escalations
FROM issues i JOIN traffic t USING (config_id, config_version, deployed_at, team)
) rollout
ORDER BY kind DESC, deployed_at, config_id COLLATE "C", config_version COLLATE "C", policy COLLATE "C", reason_code COLLATE "C", team COLLATE "C";
