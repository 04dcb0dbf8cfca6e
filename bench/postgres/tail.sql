-- queries/events_tail.sql in PostgreSQL's dialect: escalated events of the last 24 hours, newest first.
SELECT * FROM events
WHERE "timestamp" >= now() - interval '24 hours' AND verdict = 'escalate'
ORDER BY "timestamp" DESC, id DESC LIMIT 50;
