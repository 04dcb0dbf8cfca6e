-- queries/fp_clusters.sql in PostgreSQL's dialect (no team/provider/model split, no cause filter).
SELECT e.policy, e.reason_code, e.config_id, e.config_version,
  count(*) AS escalations,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate') AS resolved,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'false_positive') AS false_positives,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'benign_positive') AS benign_positives,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'true_positive') AS true_positives,
  array_agg(DISTINCT e.team) AS teams, min(e."timestamp") AS first_seen, max(e."timestamp") AS last_seen
FROM escalations x JOIN events e ON e.id = x.event_id
GROUP BY 1, 2, 3, 4
ORDER BY 7 DESC, count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'false_positive')::float8
  / nullif(count(*) FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate'), 0) DESC NULLS LAST;
