-- Every escalate event of the file without an escalation gets one: esc_ + event id, created at the event's
-- time, severity from the event's `severity` attribute (else $default_severity), due by the severity's SLA;
-- queued, or claimed by the routed user when the config version in force routes its provider/model.
-- Read from the file's typed rows, not the ingest_event_latest view: by now its join finds every row stored.
INSERT INTO escalations (id, event_id, created_at, status, severity, due_at, claimed_by, claimed_at, origin)
WITH fresh AS (
  SELECT l.id AS event_id, l."timestamp"::TIMESTAMPTZ AS created_at, r.user_id,
    CASE WHEN list_contains($severities::VARCHAR[], l.attributes->>'severity') THEN l.attributes->>'severity'
         ELSE $default_severity END AS severity
  FROM ingest_event_typed l
  LEFT JOIN ingest_routes r
    ON r.config_id = l.config_id AND r.config_version = l.config_version
   AND r.provider IS NOT DISTINCT FROM l.provider AND r.model IS NOT DISTINCT FROM l.model
  WHERE l.verdict = 'escalate'
    AND NOT EXISTS (SELECT 1 FROM escalations x WHERE x.event_id = l.id)
)
SELECT 'esc_' || event_id, event_id, created_at,
  CASE WHEN user_id IS NULL THEN 'queued' ELSE 'claimed' END,
  severity,
  created_at + to_minutes(CASE severity WHEN 'critical' THEN $sla_critical WHEN 'high' THEN $sla_high
                                        WHEN 'medium' THEN $sla_medium ELSE $sla_low END),
  user_id,
  CASE WHEN user_id IS NULL THEN NULL ELSE created_at END,
  CASE WHEN user_id IS NULL THEN 'auto' ELSE 'routed' END
FROM fresh
RETURNING id, event_id, created_at, status, severity, due_at, claimed_by, claimed_at, origin;
