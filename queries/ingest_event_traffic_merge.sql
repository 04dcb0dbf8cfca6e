-- Keeps event_traffic_hourly equal to a count of events by config id, config version, team and
-- UTC hour: the file's new events are added, and a changed event moves from its stored hour and
-- config to its new ones. Runs before the insert and the update, while `events` still holds the
-- stored rows. Events without a config id or version are not counted (no tuning question asks).
MERGE INTO event_traffic_hourly t
USING (
  SELECT config_id, config_version, team, utc_hour("timestamp") AS hour_start, sum(n) AS events
  FROM (
    SELECT config_id, config_version, team, "timestamp", 1 AS n
    FROM ingest_event_latest
    WHERE change IN ('insert', 'update')
    UNION ALL
    SELECT s.config_id, s.config_version, s.team, s."timestamp", -1 AS n
    FROM ingest_event_latest l
    JOIN events s ON s.id = l.id
    WHERE l.change = 'update'
  )
  WHERE config_id IS NOT NULL AND config_version IS NOT NULL
  GROUP BY ALL
  HAVING sum(n) <> 0
) d
ON t.config_id = d.config_id AND t.config_version = d.config_version AND t.team IS NOT DISTINCT FROM d.team AND t.hour_start = d.hour_start
WHEN MATCHED AND t.events + d.events = 0 THEN DELETE
WHEN MATCHED THEN UPDATE SET events = t.events + d.events
WHEN NOT MATCHED THEN INSERT (config_id, config_version, team, hour_start, events)
  VALUES (d.config_id, d.config_version, d.team, d.hour_start, d.events);
