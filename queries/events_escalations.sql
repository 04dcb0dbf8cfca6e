-- Which escalation has each of these events (an event has at most one), and where is it?
SELECT event_id, id, status
FROM escalations
WHERE list_contains($event_ids::VARCHAR[], event_id)
