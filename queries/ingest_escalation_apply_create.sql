-- What this load does to escalations, row by row as decided: 'insert', 'update' (same id) or 'replace'
-- (an untouched automatic escalation, `replaces`, gives way to the imported one). Temporary.
CREATE OR REPLACE TEMP TABLE ingest_escalation_apply (
  action VARCHAR NOT NULL, replaces VARCHAR, id VARCHAR NOT NULL, event_id VARCHAR NOT NULL,
  created_at VARCHAR NOT NULL, status VARCHAR NOT NULL, severity VARCHAR, due_at VARCHAR,
  claimed_by VARCHAR, claimed_at VARCHAR, resolved_by VARCHAR, resolved_at VARCHAR, outcome VARCHAR,
  category VARCHAR, cause VARCHAR, note VARCHAR, follow_up VARCHAR, attributes VARCHAR
);
