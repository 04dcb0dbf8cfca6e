-- Which policies and reason codes do the stored events of a config's $before and
-- $after versions carry (whatever their verdict, every team and time)? A tuning
-- question about a policy or reason code found neither here nor in either version's
-- configuration names something that does not exist.
SELECT DISTINCT e.policy, e.reason_code
FROM events e
WHERE e.config_id = $config_id
  AND e.config_version IN ($before, $after)
  AND e.policy IS NOT NULL
ORDER BY e.policy, e.reason_code;
