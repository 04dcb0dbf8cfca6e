-- queries/tuning_version_comparison.sql in PostgreSQL's dialect.
WITH scoped_events AS (
  SELECT * FROM events WHERE config_id = :'config_id' AND config_version IN (:'before', :'after')
), traffic AS (
  SELECT config_version, count(*) AS events FROM scoped_events GROUP BY config_version
), reviews AS (
  SELECT e.config_version, count(*) AS escalations,
    count(*) FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate') AS resolved,
    count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'false_positive') AS false_positives,
    count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'true_positive') AS true_positives,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM x.resolved_at - x.created_at) / 60.0)
      FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate') AS median_minutes_to_resolve
  FROM scoped_events e JOIN escalations x ON x.event_id = e.id
  WHERE e.policy = :'policy' AND e.reason_code = :'reason_code'
  GROUP BY e.config_version
)
SELECT t.config_version, t.events, r.escalations, r.resolved, r.false_positives, r.true_positives, r.median_minutes_to_resolve
FROM traffic t LEFT JOIN reviews r USING (config_version);
