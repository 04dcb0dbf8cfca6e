-- The configuration versions in force for the events of an evidence pack, with their
-- deploy times and source text. A version events name but nobody ingested is listed
-- with empty columns, so the gap is visible rather than silent.
WITH used AS (
  SELECT DISTINCT config_id, config_version FROM evidence_events WHERE config_id IS NOT NULL
)
SELECT u.config_id, u.config_version AS version, c.name, c.author, c.deployed_at,
       c.source_text, c.document::VARCHAR AS document, c.ingested_at
FROM used u
LEFT JOIN configs c ON c.config_id = u.config_id AND c.version = u.config_version
ORDER BY u.config_id, c.deployed_at NULLS LAST, u.config_version;
