-- After a bulk load, the file's escalate events (every stored one: the store held none before) as the
-- auto-escalation queries read them from ingest_event_typed.
CREATE OR REPLACE TEMP TABLE ingest_event_typed AS
SELECT 0 AS line, id, "timestamp", verdict, reason_code, policy, config_id, config_version, provider, model, team,
  request, attributes
FROM events
WHERE verdict = 'escalate';
