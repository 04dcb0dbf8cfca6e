-- Which config versions went live between $from and $to (of one pack, $config_id, or any)?
-- The deploy markers on the events page's chart.
SELECT config_id, version AS config_version, deployed_at
FROM configs
WHERE deployed_at IS NOT NULL
  AND deployed_at >= $from::TIMESTAMPTZ AND deployed_at <= $to::TIMESTAMPTZ
  AND ($config_id IS NULL OR config_id = $config_id)
ORDER BY deployed_at, config_id, version
