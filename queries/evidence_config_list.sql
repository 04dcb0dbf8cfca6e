-- The configuration versions of an evidence pack for its document (source text left out).
SELECT config_id, version, name, author, deployed_at, source_text IS NOT NULL AS known
FROM evidence_configs
ORDER BY row_number;
