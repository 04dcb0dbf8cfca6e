-- One file's valid event rows, typed (line number + the contract's columns, timestamp still as its text),
-- from the zod path's staged JSON and from the SQL fast path alike; temporary, it never outlives the load.
CREATE OR REPLACE TEMP TABLE ingest_event_typed (
  line INTEGER NOT NULL, id VARCHAR, "timestamp" VARCHAR, verdict VARCHAR, reason_code VARCHAR, policy VARCHAR,
  config_id VARCHAR, config_version VARCHAR, provider VARCHAR, model VARCHAR, team VARCHAR, user_id VARCHAR,
  request_id VARCHAR, gateway_id VARCHAR, status VARCHAR, request VARCHAR, response VARCHAR, score DOUBLE,
  latency_ms DOUBLE, tokens_in BIGINT, tokens_out BIGINT, cost_usd DOUBLE, policy_results JSON, attributes JSON);
