-- A config version whose file changed since it was stored takes the new text and document.
UPDATE configs
SET name = $name, author = $author, deployed_at = $deployed_at::TIMESTAMPTZ, source_text = $source_text,
    document = $document::JSON, ingested_at = current_timestamp
WHERE config_id = $config_id AND version = $version;
