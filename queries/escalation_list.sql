-- Which escalations match the queue filters, visible to the caller's teams, in the
-- chosen order (age: oldest first; due: soonest due first), after the cursor?
-- The sort key is in epoch microseconds so a cursor never skips or repeats a row.
-- Reads escalations alone (they carry the event fields shown and filtered, see
-- escalation_event_fields_fill). The page is chosen on the narrow sort key and id
-- first; only its rows are then read in full: ordering wide rows costs far more.
-- Age and overdue are read off the clock by the caller, so an answer without the
-- overdue filter stays true until the next write.
WITH page AS (
  SELECT x.id,
    CASE WHEN $sort = 'due' THEN coalesce(epoch_us(x.due_at), 9007199254740991)
         ELSE epoch_us(x.created_at) END AS sort_key
  FROM escalations x
  WHERE ($status IS NULL OR x.status = $status)
    AND ($policy IS NULL OR x.event_policy = $policy)
    AND ($reason_code IS NULL OR x.event_reason_code = $reason_code)
    AND ($team IS NULL OR x.event_team = $team)
    AND ($config_version IS NULL OR x.event_config_version = $config_version)
    AND ($owner IS NULL OR x.claimed_by = $owner)
    AND ($severity IS NULL OR x.severity = $severity)
    AND ($teams IS NULL OR list_contains($teams, x.event_team))
    AND ($overdue IS NULL OR coalesce(x.status <> 'resolved' AND x.due_at < $now::TIMESTAMPTZ, false) = $overdue)
    AND ($after_key IS NULL OR sort_key > $after_key::BIGINT OR (sort_key = $after_key::BIGINT AND x.id > $after_id))
  ORDER BY sort_key, x.id
  LIMIT $limit
)
SELECT q.*, page.sort_key
FROM page
JOIN queue_items q ON q.id = page.id
ORDER BY page.sort_key, q.id;
