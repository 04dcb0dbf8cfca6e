-- queries/tuning_version_comparison.sql in PostgreSQL's dialect: each version's traffic
-- under the config, and the review outcomes of the policy + reason code's escalations.
-- Traffic is counted from events by their index (-v traffic=events), or read from the
-- hourly counts kt keeps (-v traffic=hourly; hourly.sql builds them): the very same work.
SET jit = off; -- PostgreSQL's best case here: JIT compilation costs more than it saves on this query

WITH versions AS (
  SELECT * FROM (VALUES (1, :'before'::text), (2, :'after'::text)) v(ord, config_version)
), traffic AS (
  SELECT config_version, count(*) AS events
  FROM events
  WHERE :'traffic' = 'events' AND config_id = :'config_id' AND config_version IN (:'before', :'after')
  GROUP BY config_version
  UNION ALL
  SELECT config_version, sum(events) AS events
  FROM event_traffic_hourly
  WHERE :'traffic' = 'hourly' AND config_id = :'config_id' AND config_version IN (:'before', :'after')
  GROUP BY config_version
), reviews AS (
  SELECT e.config_version, count(*) AS escalations,
    count(*) FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate') AS resolved,
    count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'false_positive') AS false_positives,
    count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'true_positive') AS true_positives,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM x.resolved_at - x.created_at) / 60.0)
      FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate') AS median_minutes_to_resolve
  FROM events e JOIN escalations x ON x.event_id = e.id
  WHERE e.config_id = :'config_id' AND e.config_version IN (:'before', :'after')
    AND e.policy = :'policy' AND e.reason_code = :'reason_code'
  GROUP BY e.config_version
)
SELECT v.config_version, coalesce(t.events, 0) AS events, coalesce(r.escalations, 0) AS escalations,
  coalesce(r.resolved, 0) AS resolved, coalesce(r.false_positives, 0) AS false_positives,
  coalesce(r.true_positives, 0) AS true_positives, r.median_minutes_to_resolve
FROM versions v LEFT JOIN traffic t USING (config_version) LEFT JOIN reviews r USING (config_version)
ORDER BY v.ord;
