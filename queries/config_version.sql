-- One stored configuration version: the YAML exactly as imported and its parsed document.
SELECT config_id, version, name, author, deployed_at, ingested_at, source_text, document
FROM configs
WHERE config_id = $config_id AND version = $version;
