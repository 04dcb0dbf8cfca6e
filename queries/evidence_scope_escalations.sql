-- Which escalations does an evidence pack cover? The resolved escalations resolved
-- in [$from, $to), optionally only those of some teams ($teams) or the named ids
-- ($ids), and never outside the teams the exporter may see ($visible_teams).
-- Ordered by resolution time: the order of the PDF and of the data files.
SELECT x.id, x.event_id, x.created_at, x.status, x.severity, x.due_at, x.claimed_by, x.claimed_at,
       x.resolved_by, x.resolved_at, x.outcome, x.category, x.cause, x.note, x.follow_up, x.origin,
       x.attributes, x.updated_at
FROM escalations x
JOIN events e ON e.id = x.event_id
WHERE x.status = 'resolved'
  AND x.resolved_at >= $from::TIMESTAMPTZ
  AND x.resolved_at < $to::TIMESTAMPTZ
  AND ($teams IS NULL OR list_contains($teams, e.team))
  AND ($visible_teams IS NULL OR list_contains($visible_teams, e.team))
  AND ($ids IS NULL OR list_contains($ids, x.id))
ORDER BY x.resolved_at, x.id;
