-- Where do the matching events (matching_events: events_matching.sql) come from: which teams, which
-- policy and reason code, which config version? "Did several teams hit it after a rollout? Is it one
-- reason code?" The $top biggest of each, how many there are in all (groups) and how many events
-- they count together (total: the same for each dimension); $flagged_only
-- leaves allowed traffic out, as the chart does when no verdict is asked for.
SELECT
  CASE WHEN grouping(team) = 0 THEN 'team' WHEN grouping(policy) = 0 THEN 'reason' ELSE 'config' END AS dimension,
  team, policy, reason_code, config_id, config_version,
  count(*)::BIGINT AS events,
  count(*) OVER (PARTITION BY dimension)::BIGINT AS groups,
  sum(count(*)) OVER (PARTITION BY dimension)::BIGINT AS total
FROM matching_events
WHERE NOT ($flagged_only AND verdict = 'allow')
GROUP BY GROUPING SETS ((team), (policy, reason_code), (config_id, config_version))
QUALIFY row_number() OVER (PARTITION BY dimension ORDER BY events DESC, team, policy, reason_code, config_id, config_version) <= $top
ORDER BY dimension, events DESC, team, policy, reason_code, config_id, config_version
