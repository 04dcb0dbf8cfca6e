-- Which data was a report made from? Row counts of the store's tables and the
-- oldest and newest event, counting only the teams the caller may see ($teams).
SELECT
  (SELECT count(*) FROM events e WHERE ($teams IS NULL OR list_contains($teams, e.team))) AS events,
  -- Escalations carry their event's team (every escalation's event is stored): no join with events.
  (SELECT count(*) FROM escalations x WHERE ($teams IS NULL OR list_contains($teams, x.event_team))) AS escalations,
  (SELECT count(*) FROM configs) AS configs,
  (SELECT count(*) FROM audit) AS audit_entries,
  (SELECT min(e."timestamp") FROM events e WHERE ($teams IS NULL OR list_contains($teams, e.team))) AS oldest_event,
  (SELECT max(e."timestamp") FROM events e WHERE ($teams IS NULL OR list_contains($teams, e.team))) AS newest_event;
