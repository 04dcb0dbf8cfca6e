-- The stored policy-config document of one config version (as JSON text), if it was ingested.
SELECT document::VARCHAR AS document
FROM configs
WHERE config_id = $config_id AND version = $config_version;
