-- The newest what-if prediction stored for one draft version of a config.
SELECT id, config_id, draft_version, created_at, numbers, draft_text
FROM whatif_predictions
WHERE config_id = $config_id AND draft_version = $draft_version
ORDER BY created_at DESC, id DESC
LIMIT 1;
