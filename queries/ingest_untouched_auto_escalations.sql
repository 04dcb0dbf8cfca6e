-- Automatic escalations of events decided under one config version that nobody has touched yet
-- (queued, never claimed, routed or imported over), with the event's provider and model for routing.
SELECT x.id, ev.provider, ev.model
FROM escalations x
JOIN events ev ON ev.id = x.event_id
WHERE ev.config_id = $config_id AND ev.config_version = $version
  AND x.origin = 'auto' AND x.status = 'queued'
  AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.target = x.id AND a.action <> 'create');
