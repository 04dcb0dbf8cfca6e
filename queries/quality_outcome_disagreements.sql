-- Where do reviewers disagree? Clusters (policy, reason code, config version) whose
-- resolved escalations (duplicates left out) split between approved and denied:
-- the smaller side is at least $min_split of them, at least two reviewers decided
-- and at least $min_resolved were resolved. Each reviewer's tally is listed. The window is on
-- resolved_at, as for the other quality questions: when the reviewers decided.
WITH decided AS (
  SELECT e.policy, e.reason_code, e.config_id, e.config_version, x.resolved_by AS reviewer, x.outcome
  FROM escalations x
  JOIN events e ON e.id = x.event_id
  WHERE x.status = 'resolved' AND x.category <> 'duplicate'
    AND ($since IS NULL OR x.resolved_at >= $since::TIMESTAMPTZ)
    AND ($until IS NULL OR x.resolved_at < $until::TIMESTAMPTZ)
    AND ($team IS NULL OR e.team = $team)
    AND ($teams IS NULL OR list_contains($teams, e.team))
    AND ($config_id IS NULL OR e.config_id = $config_id)
),
per_reviewer AS (
  SELECT policy, reason_code, config_id, config_version, reviewer,
         count(*) AS resolved,
         count(*) FILTER (WHERE outcome = 'approved') AS approved,
         count(*) FILTER (WHERE outcome = 'denied') AS denied
  FROM decided
  GROUP BY ALL
),
clusters AS (
  SELECT policy, reason_code, config_id, config_version,
         sum(resolved)::BIGINT AS resolved,
         sum(approved)::BIGINT AS approved,
         sum(denied)::BIGINT AS denied,
         count(reviewer) AS reviewers,
         list({'reviewer': reviewer, 'resolved': resolved, 'approved': approved, 'denied': denied}
              ORDER BY reviewer NULLS LAST) AS by_reviewer
  FROM per_reviewer
  GROUP BY ALL
)
SELECT *, least(approved, denied) / resolved AS minority_share
FROM clusters
WHERE reviewers >= 2
  AND resolved >= $min_resolved
  AND least(approved, denied) / resolved >= $min_split
ORDER BY minority_share DESC, resolved DESC, policy, reason_code, config_id, config_version;
