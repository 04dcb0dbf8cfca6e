-- Is the store empty? How many rows each table holds (kt demo loads only into an
-- empty store, unless --force recreates it).
SELECT
  (SELECT count(*) FROM events) AS events,
  (SELECT count(*) FROM escalations) AS escalations,
  (SELECT count(*) FROM configs) AS configs,
  (SELECT count(*) FROM users) AS users;
