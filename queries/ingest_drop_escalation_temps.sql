-- This load's temporary tables, dropped before commit.
DROP TABLE IF EXISTS ingest_escalation_stage; DROP TABLE IF EXISTS ingest_escalation_apply;
