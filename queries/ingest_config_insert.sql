-- A config version new to the store: the file verbatim and its validated document.
INSERT INTO configs (config_id, version, name, author, deployed_at, source_text, document)
VALUES ($config_id, $version, $name, $author, $deployed_at::TIMESTAMPTZ, $source_text, $document::JSON);
