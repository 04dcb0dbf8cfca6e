-- The indexes a PostgreSQL operator would add for these questions.
CREATE INDEX ON events ("timestamp");
CREATE INDEX ON events (verdict, "timestamp");
CREATE INDEX ON events (config_id, config_version);
CREATE INDEX ON events (config_id, "timestamp"); -- the deploy windows of the volume question
CREATE INDEX ON escalations (event_id);
ANALYZE;
-- bench/run.mjs then runs VACUUM ANALYZE on its own (it cannot run in this file's one
-- transaction): hint bits and the visibility map set before any question runs.
