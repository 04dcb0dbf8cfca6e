-- The requests behind one false-positive cluster: its resolved false positives (of
-- cause $cause, if given) and true positives, for choosing `unless` terms by how
-- many of them a term would actually suppress. Keys as in fp_clusters.sql.
SELECT
  CASE WHEN x.category = 'false_positive' THEN 'fp' ELSE 'tp' END AS side,
  coalesce(e.request, '') AS request
FROM escalations x
JOIN events e ON e.id = x.event_id
WHERE e.config_id = $config_id
  AND e.config_version = $config_version
  AND e.policy = $policy
  AND e.reason_code = $reason_code
  AND x.status = 'resolved'
  AND ((x.category = 'false_positive' AND ($cause IS NULL OR x.cause = $cause)) OR x.category = 'true_positive')
ORDER BY e.id;
