-- The kt tables as PostgreSQL would hold them, for the side-by-side runs.
DROP TABLE IF EXISTS events, escalations, events_json, configs;
CREATE TABLE events (
  id TEXT PRIMARY KEY, "timestamp" TIMESTAMPTZ NOT NULL, verdict TEXT NOT NULL, reason_code TEXT,
  policy TEXT, config_id TEXT, config_version TEXT, provider TEXT, model TEXT, team TEXT,
  user_id TEXT, request_id TEXT, gateway_id TEXT, status TEXT, request TEXT, response TEXT,
  score DOUBLE PRECISION, latency_ms DOUBLE PRECISION, tokens_in BIGINT, tokens_out BIGINT,
  cost_usd DOUBLE PRECISION, policy_results JSONB
);
CREATE TABLE escalations (
  id TEXT PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, created_at TIMESTAMPTZ NOT NULL, status TEXT NOT NULL,
  severity TEXT, due_at TIMESTAMPTZ, claimed_by TEXT, claimed_at TIMESTAMPTZ, resolved_by TEXT,
  resolved_at TIMESTAMPTZ, outcome TEXT, category TEXT, cause TEXT, note TEXT, follow_up TEXT
);
CREATE TABLE events_json (doc JSONB);
-- The config versions and when each went live (the rollout markers of the volume question).
CREATE TABLE configs (
  config_id TEXT NOT NULL, version TEXT NOT NULL, deployed_at TIMESTAMPTZ, PRIMARY KEY (config_id, version)
);
