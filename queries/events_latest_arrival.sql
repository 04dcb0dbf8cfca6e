-- Which event was ingested last? (ingested_at in epoch microseconds, then id): the
-- point after which a follower starts, whatever its filters.
SELECT epoch_us(ingested_at) AS arrival_us, id
FROM events
ORDER BY ingested_at DESC, id DESC
LIMIT 1
