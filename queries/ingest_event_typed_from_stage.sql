-- Staged rows (validated, normalised JSON documents: all of the zod path's, and the native path's rows finished in
-- JavaScript) typed into ingest_event_typed.
INSERT INTO ingest_event_typed (line, id, "timestamp", verdict, reason_code, policy, config_id, config_version, provider,
  model, team, user_id, request_id, gateway_id, status, request, response, score, latency_ms, tokens_in, tokens_out,
  cost_usd, policy_results, attributes)
SELECT line, e.id, e."timestamp", e.verdict, e.reason_code, e.policy, e.config_id, e.config_version, e.provider,
  e.model, e.team, e.user_id, e.request_id, e.gateway_id, e.status, e.request, e.response, e.score, e.latency_ms,
  e.tokens_in, e.tokens_out, e.cost_usd, e.policy_results, e.attributes
FROM (
  SELECT line, json_transform(doc, '{
    "id": "VARCHAR", "timestamp": "VARCHAR", "verdict": "VARCHAR", "reason_code": "VARCHAR", "policy": "VARCHAR",
    "config_id": "VARCHAR", "config_version": "VARCHAR", "provider": "VARCHAR", "model": "VARCHAR", "team": "VARCHAR",
    "user_id": "VARCHAR", "request_id": "VARCHAR", "gateway_id": "VARCHAR", "status": "VARCHAR",
    "request": "VARCHAR", "response": "VARCHAR", "score": "DOUBLE", "latency_ms": "DOUBLE",
    "tokens_in": "BIGINT", "tokens_out": "BIGINT", "cost_usd": "DOUBLE",
    "policy_results": "JSON", "attributes": "JSON"}') AS e
  FROM ingest_event_stage
);
