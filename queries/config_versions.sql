-- Which versions of which configuration packs are stored? One row per version, in
-- SemVer order within a pack, with who wrote it, when it went live and how many
-- stored events were evaluated under it: of the caller's teams ($teams) when they are
-- limited to teams, every team's otherwise ($teams NULL).
WITH traffic AS (
  SELECT config_id, config_version AS version, count(*) AS events
  FROM events
  WHERE config_id IS NOT NULL AND ($config_id IS NULL OR config_id = $config_id)
    AND ($teams IS NULL OR list_contains($teams, team))
  GROUP BY ALL
)
SELECT c.config_id, c.version, c.name, c.author, c.deployed_at, c.ingested_at, coalesce(t.events, 0) AS events
FROM configs c
LEFT JOIN traffic t USING (config_id, version)
WHERE $config_id IS NULL OR c.config_id = $config_id
ORDER BY c.config_id,
         list_transform(string_split(regexp_extract(c.version, '^[0-9]+\.[0-9]+\.[0-9]+'), '.'), x -> TRY_CAST(x AS INTEGER)),
         c.version;
