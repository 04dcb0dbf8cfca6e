-- kt's events summary in PostgreSQL's dialect, for `kt events summary --since 30d`: the
-- matching events per verdict (queries/events_verdict_counts.sql), per day and verdict
-- (events_over_time.sql), the stored span the window is cut to (events_time_span.sql), the
-- deploys in it (events_config_deploys.sql), and the ten biggest teams, reasons and config
-- versions of the flagged ones (events_sources.sql). Ties are broken in byte order (COLLATE "C"),
-- as DuckDB does.
SET jit = off; -- PostgreSQL's best case here: JIT compilation costs more than it saves on these queries

SELECT verdict, count(*) AS events
FROM events WHERE "timestamp" >= now() - interval '30 days'
GROUP BY verdict;

SELECT to_timestamp(floor(extract(epoch FROM "timestamp") / 86400) * 86400) AS bucket_start, verdict, count(*) AS events
FROM events WHERE "timestamp" >= now() - interval '30 days'
GROUP BY 1, 2 ORDER BY 1, verdict COLLATE "C";

SELECT min("timestamp") AS oldest_event, max("timestamp") AS newest_event FROM events;

SELECT config_id, version AS config_version, deployed_at
FROM configs
WHERE deployed_at IS NOT NULL AND deployed_at >= now() - interval '30 days' AND deployed_at <= now() + interval '1 day'
ORDER BY deployed_at, config_id COLLATE "C", version COLLATE "C";

SELECT dimension, team, policy, reason_code, config_id, config_version, events, groups
FROM (
  SELECT *,
    count(*) OVER (PARTITION BY dimension) AS groups,
    row_number() OVER (PARTITION BY dimension ORDER BY events DESC, team COLLATE "C", policy COLLATE "C", reason_code COLLATE "C",
      config_id COLLATE "C", config_version COLLATE "C") AS place
  FROM (
    SELECT CASE WHEN grouping(team) = 0 THEN 'team' WHEN grouping(policy) = 0 THEN 'reason' ELSE 'config' END AS dimension,
      team, policy, reason_code, config_id, config_version, count(*) AS events
    FROM events
    WHERE "timestamp" >= now() - interval '30 days' AND verdict <> 'allow'
    GROUP BY GROUPING SETS ((team), (policy, reason_code), (config_id, config_version))
  ) grouped
) ranked
WHERE place <= 10
ORDER BY dimension, events DESC;
