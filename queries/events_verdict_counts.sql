-- How many events match the filter (matching_events: events_matching.sql), per verdict? The events
-- page's verdict tabs: the caller leaves the verdict out of the filter, so each verdict's count shows.
SELECT verdict, count(*)::BIGINT AS events
FROM matching_events
GROUP BY verdict
