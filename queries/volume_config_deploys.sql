-- Which config versions went live in the window? The markers on the volume chart, each with the span its
-- rollout is measured over: $window_ms either side of the deploy, cut at the config's deploys before and
-- after it, so that "before" is the traffic of the version it replaced and "after" its own.
-- With a team filter ($team, or a viewer limited to $teams), only the deploys of a config that carried
-- events of those teams within that rollout span: the span is what the report measures a deploy on, so a
-- deploy is listed exactly when it has something to say about the teams (a row in volume_rollout.sql).
-- The report's whole window would be too loose: one stray event of the team under the config weeks
-- away would keep a deploy whose rollout section could only say "nothing to compare".
WITH deploys AS (
  SELECT config_id, version AS config_version, deployed_at,
         lag(deployed_at) OVER (PARTITION BY config_id ORDER BY deployed_at, version) AS previous_deploy,
         lead(deployed_at) OVER (PARTITION BY config_id ORDER BY deployed_at, version) AS next_deploy
  FROM configs
  WHERE deployed_at IS NOT NULL
),
full_spans AS (
  SELECT config_id, config_version, deployed_at,
         greatest(deployed_at - to_milliseconds($window_ms), coalesce(previous_deploy, deployed_at - to_milliseconds($window_ms))) AS before_from,
         least(deployed_at + to_milliseconds($window_ms), coalesce(next_deploy, deployed_at + to_milliseconds($window_ms))) AS full_after_until
  FROM deploys
  WHERE ($since IS NULL OR deployed_at >= $since::TIMESTAMPTZ)
    AND ($until IS NULL OR deployed_at < $until::TIMESTAMPTZ)
    AND ($config_id IS NULL OR config_id = $config_id)
),
-- Never past $now: a deploy of the last days is measured on the days it has had (`ongoing`), and says so.
spans AS (
  SELECT config_id, config_version, deployed_at, before_from,
         least(full_after_until, $now::TIMESTAMPTZ) AS after_until,
         full_after_until > $now::TIMESTAMPTZ AS ongoing
  FROM full_spans
)
SELECT s.config_id, s.config_version, s.deployed_at, s.before_from, s.after_until, s.ongoing
FROM spans s
WHERE ($team IS NULL AND $teams IS NULL)
   OR EXISTS (
        SELECT 1
        FROM events e
        WHERE e.config_id = s.config_id
          AND e."timestamp" >= s.before_from
          AND e."timestamp" < s.after_until
          AND ($team IS NULL OR e.team = $team)
          AND ($teams IS NULL OR list_contains($teams, e.team)))
ORDER BY s.deployed_at, s.config_id, s.config_version;
