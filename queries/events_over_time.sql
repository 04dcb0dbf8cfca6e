-- How many events match the filter (matching_events: events_matching.sql) in each UTC hour or day
-- ($bucket_seconds: 3600 or 86400), per verdict? The events page's chart. Bucketed on the epoch,
-- which is UTC whatever the time zone, and several times faster than date_trunc on TIMESTAMPTZ.
SELECT to_timestamp(floor(epoch("timestamp") / $bucket_seconds) * $bucket_seconds) AS bucket_start, verdict, count(*)::BIGINT AS events
FROM matching_events
GROUP BY ALL
ORDER BY bucket_start, verdict
