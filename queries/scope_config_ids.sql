-- The stored config ids, to name in a refusal of one that is not known.
SELECT DISTINCT config_id FROM configs ORDER BY config_id;
