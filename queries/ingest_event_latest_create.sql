-- The file's events, typed, one per id (a later line with the same id supersedes an earlier one),
-- each classified against the store: 'insert' (new id), 'update' (stored row differs) or 'same'.
CREATE OR REPLACE TEMP TABLE ingest_event_latest AS
WITH typed AS (
  SELECT line, json_transform(doc, '{
    "id": "VARCHAR", "timestamp": "VARCHAR", "verdict": "VARCHAR", "reason_code": "VARCHAR", "policy": "VARCHAR",
    "config_id": "VARCHAR", "config_version": "VARCHAR", "provider": "VARCHAR", "model": "VARCHAR", "team": "VARCHAR",
    "user_id": "VARCHAR", "request_id": "VARCHAR", "gateway_id": "VARCHAR", "status": "VARCHAR",
    "request": "VARCHAR", "response": "VARCHAR", "score": "DOUBLE", "latency_ms": "DOUBLE",
    "tokens_in": "BIGINT", "tokens_out": "BIGINT", "cost_usd": "DOUBLE",
    "policy_results": "JSON", "attributes": "JSON"}') AS e
  FROM ingest_event_stage
),
latest AS (
  SELECT line, e.id, e."timestamp"::TIMESTAMPTZ AS "timestamp", e.verdict, e.reason_code, e.policy,
    e.config_id, e.config_version, e.provider, e.model, e.team, e.user_id, e.request_id, e.gateway_id,
    e.status, e.request, e.response, e.score, e.latency_ms, e.tokens_in, e.tokens_out, e.cost_usd,
    e.policy_results, e.attributes
  FROM typed
  QUALIFY row_number() OVER (PARTITION BY e.id ORDER BY line DESC) = 1
)
SELECT l.*,
  CASE
    WHEN s.id IS NULL THEN 'insert'
    WHEN (l."timestamp", l.verdict, l.reason_code, l.policy, l.config_id, l.config_version, l.provider, l.model,
          l.team, l.user_id, l.request_id, l.gateway_id, l.status, l.request, l.response, l.score, l.latency_ms,
          l.tokens_in, l.tokens_out, l.cost_usd, l.policy_results::VARCHAR, l.attributes::VARCHAR)
      IS DISTINCT FROM
         (s."timestamp", s.verdict, s.reason_code, s.policy, s.config_id, s.config_version, s.provider, s.model,
          s.team, s.user_id, s.request_id, s.gateway_id, s.status, s.request, s.response, s.score, s.latency_ms,
          s.tokens_in, s.tokens_out, s.cost_usd, s.policy_results::VARCHAR, s.attributes::VARCHAR)
      THEN 'update'
    ELSE 'same'
  END AS change
FROM latest l
LEFT JOIN events s ON s.id = l.id;
