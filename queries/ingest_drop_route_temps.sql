-- This load's temporary routing table, dropped before commit.
DROP TABLE IF EXISTS ingest_routes;
