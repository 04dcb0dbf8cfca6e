-- What happened under a deployed config version? Its traffic, and the escalations
-- raised by the given policies with their review outcomes (`resolved` leaves out
-- duplicates), over every stored event evaluated under that config id and version.
WITH traffic AS (
  SELECT e.id, e.policy, e.verdict
  FROM events e
  WHERE e.config_id = $config_id AND e.config_version = $config_version
)
SELECT
  count(*) AS events,
  count(*) FILTER (WHERE (x.id IS NOT NULL OR t.verdict = 'escalate') AND list_contains($policies, t.policy)) AS escalations,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate' AND list_contains($policies, t.policy)) AS resolved,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'false_positive' AND list_contains($policies, t.policy)) AS false_positives,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'true_positive' AND list_contains($policies, t.policy)) AS true_positives
FROM traffic t
LEFT JOIN escalations x ON x.event_id = t.id;
