-- Every what-if prediction stored for one draft version of a config, newest first
-- (the caller picks the newest whose scope and timing fit).
SELECT id, config_id, draft_version, created_at, numbers, draft_text
FROM whatif_predictions
WHERE config_id = $config_id AND draft_version = $draft_version
ORDER BY created_at DESC, id DESC;
