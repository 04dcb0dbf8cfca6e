-- Is $config_id a stored config, or one that events were evaluated under? A misspelt --config-id is refused instead of answered with zeros.
SELECT EXISTS (SELECT 1 FROM configs WHERE config_id = $config_id)
    OR EXISTS (SELECT 1 FROM events WHERE config_id = $config_id) AS known;
