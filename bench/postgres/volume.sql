-- queries/volume_by_bucket.sql in PostgreSQL's dialect (by day and team).
SELECT to_char(date_trunc('day', e."timestamp"), 'YYYY-MM-DD') AS bucket_start, e.team,
  count(*) AS escalations,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate') AS resolved,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'false_positive') AS false_positives
FROM escalations x JOIN events e ON e.id = x.event_id
GROUP BY 1, 2 ORDER BY 1, 2;
