-- Claims untouched automatic escalations for the user their config version routes them to
-- (claimed at their creation time, as if routed on arrival).
UPDATE escalations
SET status = 'claimed', claimed_by = r.user_id, claimed_at = escalations.created_at, origin = 'routed',
    updated_at = current_timestamp
FROM events ev, ingest_routes r
WHERE ev.id = escalations.event_id
  AND r.config_id = ev.config_id AND r.config_version = ev.config_version
  AND r.provider IS NOT DISTINCT FROM ev.provider AND r.model IS NOT DISTINCT FROM ev.model
  AND escalations.origin = 'auto' AND escalations.status = 'queued'
  AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.target = escalations.id AND a.action <> 'create')
RETURNING id, claimed_by, claimed_at;
