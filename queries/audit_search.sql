-- Audit entries newest first, each filter NULL for any: who, what, about what, when (recorded_at is RFC 3339
-- text, so text order is time order), older than the cursor `before`; one more than asked, to know of a next page.
-- A viewer limited to teams sees only entries about escalations of those teams (by the linked event's team).
SELECT a.seq, a.recorded_at, a.actor, a.action, a.target, a.before::VARCHAR AS before, a.after::VARCHAR AS after, a.prev_hash, a.hash
FROM audit a
WHERE ($actor IS NULL OR a.actor = $actor)
  AND ($action IS NULL OR a.action = $action)
  AND ($target IS NULL OR a.target = $target)
  AND ($since IS NULL OR a.recorded_at >= $since)
  AND ($until IS NULL OR a.recorded_at < $until)
  AND ($before IS NULL OR a.seq < $before)
  AND ($teams IS NULL OR EXISTS (
    SELECT 1 FROM escalations x WHERE x.id = a.target AND list_contains($teams, x.event_team)))
ORDER BY a.seq DESC
LIMIT $limit + 1;
