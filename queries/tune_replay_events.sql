-- Which events does a what-if replay evaluate, and what did reviewers decide on them?
-- Every event of one config (optionally one version of it) in the window, with its
-- escalation's review state if it has one ($teams: a team-limited caller's teams). Read as a stream, in chunks.
SELECT
  e.id, e.config_version, e.verdict, e.policy, e.reason_code, e.request, e.score,
  x.id AS escalation_id, x.status, x.category
FROM events e
LEFT JOIN escalations x ON x.event_id = e.id
WHERE e.config_id = $config_id
  AND ($config_version IS NULL OR e.config_version = $config_version)
  AND ($since IS NULL OR e."timestamp" >= $since::TIMESTAMPTZ)
  AND ($until IS NULL OR e."timestamp" < $until::TIMESTAMPTZ)
  AND ($teams IS NULL OR list_contains($teams, e.team));
