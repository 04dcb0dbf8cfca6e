-- When was the last event ingested (epoch microseconds; NULL for an empty store)?
-- A follower prints only what arrives after this.
SELECT epoch_us(max(ingested_at)) AS arrival_us
FROM events
