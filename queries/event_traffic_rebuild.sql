-- event_traffic_hourly counted afresh from events: after the bulk load (the store held no events before, so
-- counting all of them is counting the file's), and for stores whose events were written by something other
-- than kt's ingest (test fixtures, the benchmark's synthetic escalations).
DELETE FROM event_traffic_hourly;
INSERT INTO event_traffic_hourly
SELECT config_id, config_version, team, utc_hour("timestamp"), count(*)
FROM events
WHERE config_id IS NOT NULL AND config_version IS NOT NULL
GROUP BY ALL;
