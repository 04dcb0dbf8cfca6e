-- Every staged escalation next to what the store holds: whether its event is known, the escalation the
-- event already has (if any), whether that one was worked in kt (claimed, unclaimed, resolved, reassigned
-- or routed there), and whether its id is taken by another event's escalation. Which of several rows for
-- one id or one event wins is decided in loadEscalations, after the store-dependent checks: the last
-- valid one, so a later row the store refuses does not hide an earlier one it accepts.
WITH l AS (
  SELECT line, raw, doc, doc->>'id' AS id, doc->>'event_id' AS event_id FROM ingest_escalation_stage
)
SELECT l.line, l.raw, l.doc,
  ev."timestamp" AS event_timestamp,
  cur.id AS cur_id, cur.created_at AS cur_created_at, cur.status AS cur_status, cur.severity AS cur_severity,
  cur.due_at AS cur_due_at, cur.claimed_by AS cur_claimed_by, cur.claimed_at AS cur_claimed_at,
  cur.resolved_by AS cur_resolved_by, cur.resolved_at AS cur_resolved_at, cur.outcome AS cur_outcome,
  cur.category AS cur_category, cur.cause AS cur_cause, cur.note AS cur_note, cur.follow_up AS cur_follow_up,
  cur.origin AS cur_origin, cur.attributes::VARCHAR AS cur_attributes,
  cur.id IS NOT NULL AND EXISTS (
    SELECT 1 FROM audit a
    WHERE a.target = cur.id AND a.action IN ('claim', 'unclaim', 'resolve', 'reassign', 'route')
  ) AS cur_worked,
  other.event_id AS id_taken_by
FROM l
LEFT JOIN events ev ON ev.id = l.event_id
LEFT JOIN escalations cur ON cur.event_id = l.event_id
LEFT JOIN escalations other ON other.id = l.id AND other.event_id <> l.event_id
ORDER BY l.line DESC; -- latest first: the order in which rows win
