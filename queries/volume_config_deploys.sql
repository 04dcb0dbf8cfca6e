-- Which config versions went live in the window? The markers on the volume chart, each with the span its
-- rollout is measured over: $window_ms either side of the deploy, cut at the config's deploys before and
-- after it, so that "before" is the traffic of the version it replaced and "after" its own.
WITH deploys AS (
  SELECT config_id, version AS config_version, deployed_at,
         lag(deployed_at) OVER (PARTITION BY config_id ORDER BY deployed_at, version) AS previous_deploy,
         lead(deployed_at) OVER (PARTITION BY config_id ORDER BY deployed_at, version) AS next_deploy
  FROM configs
  WHERE deployed_at IS NOT NULL
)
SELECT config_id, config_version, deployed_at,
       greatest(deployed_at - to_milliseconds($window_ms), coalesce(previous_deploy, deployed_at - to_milliseconds($window_ms))) AS before_from,
       least(deployed_at + to_milliseconds($window_ms), coalesce(next_deploy, deployed_at + to_milliseconds($window_ms))) AS after_until
FROM deploys
WHERE ($since IS NULL OR deployed_at >= $since::TIMESTAMPTZ)
  AND ($until IS NULL OR deployed_at < $until::TIMESTAMPTZ)
  AND ($config_id IS NULL OR config_id = $config_id)
ORDER BY deployed_at, config_id, config_version;
