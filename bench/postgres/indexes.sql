-- The indexes a PostgreSQL operator would add for these questions.
CREATE INDEX ON events ("timestamp");
CREATE INDEX ON events (verdict, "timestamp");
CREATE INDEX ON events (config_id, config_version);
CREATE INDEX ON escalations (event_id);
ANALYZE;
