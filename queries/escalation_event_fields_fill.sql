-- Copies onto each escalation the event fields the queue filters and shows (policy,
-- reason code, team, config, provider, model, event time, request excerpt), for
-- escalations made since the last fill or whose event changed since: the queue
-- lists and counts from escalations alone, never scanning the events table.
UPDATE escalations SET
  event_timestamp = e."timestamp", event_policy = e.policy, event_reason_code = e.reason_code,
  event_team = e.team, event_config_id = e.config_id, event_config_version = e.config_version,
  event_provider = e.provider, event_model = e.model, event_request_excerpt = left(e.request, 160)
FROM events e
WHERE e.id = escalations.event_id
  AND (escalations.event_timestamp, escalations.event_policy, escalations.event_reason_code, escalations.event_team,
       escalations.event_config_id, escalations.event_config_version, escalations.event_provider,
       escalations.event_model, escalations.event_request_excerpt)
    IS DISTINCT FROM
      (e."timestamp", e.policy, e.reason_code, e.team, e.config_id, e.config_version, e.provider, e.model,
       left(e.request, 160));
