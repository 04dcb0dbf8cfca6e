-- The config version, provider and model of the file's events whose new escalations were routed.
SELECT l.id AS event_id, l.config_id, l.config_version, l.provider, l.model
FROM ingest_event_typed l
WHERE list_contains($event_ids::VARCHAR[], l.id);
