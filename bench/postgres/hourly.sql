-- kt's event_traffic_hourly (kept by its ingest) built the same way in PostgreSQL, so the tuning
-- question can also be asked of PostgreSQL doing the very same work (tuning.sql, -v traffic=hourly).
DROP TABLE IF EXISTS event_traffic_hourly;
CREATE TABLE event_traffic_hourly AS
SELECT config_id, config_version, team, date_trunc('hour', "timestamp" AT TIME ZONE 'UTC') AS hour_start, count(*) AS events
FROM events
WHERE config_id IS NOT NULL AND config_version IS NOT NULL
GROUP BY 1, 2, 3, 4;
CREATE INDEX ON event_traffic_hourly (config_id, config_version);
ANALYZE event_traffic_hourly;
