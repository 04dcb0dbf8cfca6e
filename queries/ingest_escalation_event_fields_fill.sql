-- The queue's copy of the event fields (see escalation_event_fields_fill) for the escalations of this file's
-- events: new ones, and those whose event changed. Read from the file's typed rows, so an ingest never scans the
-- whole events table for the few escalations it touched.
UPDATE escalations SET
  event_timestamp = e."timestamp", event_policy = e.policy, event_reason_code = e.reason_code,
  event_team = e.team, event_config_id = e.config_id, event_config_version = e.config_version,
  event_provider = e.provider, event_model = e.model, event_request_excerpt = left(e.request, 160)
FROM (SELECT id, "timestamp"::TIMESTAMPTZ AS "timestamp", policy, reason_code, team, config_id, config_version,
        provider, model, request
      FROM ingest_event_typed
      WHERE id IN (SELECT event_id FROM escalations)) e
WHERE e.id = escalations.event_id
  AND (escalations.event_timestamp, escalations.event_policy, escalations.event_reason_code, escalations.event_team,
       escalations.event_config_id, escalations.event_config_version, escalations.event_provider,
       escalations.event_model, escalations.event_request_excerpt)
    IS DISTINCT FROM
      (e."timestamp", e.policy, e.reason_code, e.team, e.config_id, e.config_version, e.provider, e.model,
       left(e.request, 160));
