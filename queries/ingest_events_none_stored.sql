-- Whether the store holds no events yet: a file loaded into such a store takes the bulk path.
SELECT NOT EXISTS (SELECT 1 FROM events) AS none;
