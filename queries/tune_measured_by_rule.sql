-- What happened under a deployed config version, rule by rule? The escalations of
-- the given policies per (policy, reason code) with their review outcomes
-- (`resolved` leaves out duplicates). The traffic denominator is tune_measured_outcome's.
SELECT
  e.policy, e.reason_code,
  count(*) AS escalations,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate') AS resolved,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'false_positive') AS false_positives,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'true_positive') AS true_positives
FROM events e
LEFT JOIN escalations x ON x.event_id = e.id
WHERE e.config_id = $config_id AND e.config_version = $config_version
  AND (x.id IS NOT NULL OR e.verdict = 'escalate')
  AND list_contains($policies, e.policy)
GROUP BY ALL
ORDER BY e.policy, e.reason_code;
