-- One page of the evidence PDF's item list: escalations of the pack with their linked
-- event's essentials, after the row number $after, $limit at a time (keyset paging
-- keeps memory flat however large the pack). The flagged content comes as its first
-- $excerpt_chars characters and its full length: the document shows an excerpt, the
-- data files the whole text, and a page of items never holds a megabyte prompt.
SELECT x.row_number, x.id, x.event_id, x.created_at, x.severity, x.claimed_by, x.claimed_at,
       x.resolved_by, x.resolved_at, x.outcome, x.category, x.cause, x.note, x.follow_up,
       e."timestamp" AS event_time, e.team, e.policy, e.reason_code, e.config_id, e.config_version,
       e.provider, e.model, e.verdict,
       left(e.request, $excerpt_chars) AS request_head, length(e.request) AS request_length,
       left(e.response, $excerpt_chars) AS response_head, length(e.response) AS response_length
FROM evidence_escalations x
LEFT JOIN evidence_events e ON e.id = x.event_id
WHERE x.row_number > $after
ORDER BY x.row_number
LIMIT $limit;
