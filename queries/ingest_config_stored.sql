-- The stored copy of one config version, to tell a re-import (no-op) from a changed file (update).
SELECT source_text, name, author, deployed_at
FROM configs
WHERE config_id = $config_id AND version = $version;
