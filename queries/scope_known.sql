-- Are the team and config id a question names known to the store (NULL = not named)? A team is known
-- when an event belongs to it; a config id when it is stored or events were evaluated under it. A
-- misspelt --team or --config-id is refused instead of answered with zeros. One statement: each costs
-- about a millisecond, whatever it reads.
SELECT ($team IS NULL OR EXISTS (SELECT 1 FROM events WHERE team = $team)) AS team_known,
       ($config_id IS NULL
        OR EXISTS (SELECT 1 FROM configs WHERE config_id = $config_id)
        OR EXISTS (SELECT 1 FROM events WHERE config_id = $config_id)) AS config_known;
