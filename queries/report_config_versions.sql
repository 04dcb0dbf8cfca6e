-- Which configuration versions does the store know, and when did each go live?
-- All of them, or those of one config ($config_id); the document is the parsed
-- policy-config.yaml as JSON text (for showing rule text side by side).
SELECT config_id, version, name, author, deployed_at, document::VARCHAR AS document
FROM configs
WHERE ($config_id IS NULL OR config_id = $config_id)
ORDER BY config_id, deployed_at NULLS LAST, version;
