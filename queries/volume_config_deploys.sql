-- Which config versions went live in the window? The markers on the volume chart.
SELECT config_id, version AS config_version, deployed_at
FROM configs
WHERE deployed_at IS NOT NULL
  AND ($since IS NULL OR deployed_at >= $since::TIMESTAMPTZ)
  AND ($until IS NULL OR deployed_at < $until::TIMESTAMPTZ)
  AND ($config_id IS NULL OR config_id = $config_id)
ORDER BY deployed_at, config_id, version;
