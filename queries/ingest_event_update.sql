-- Stored events whose row in the file differs take the file's values (same id, changed content).
UPDATE events SET
  "timestamp" = l."timestamp", verdict = l.verdict, reason_code = l.reason_code, policy = l.policy,
  config_id = l.config_id, config_version = l.config_version, provider = l.provider, model = l.model,
  team = l.team, user_id = l.user_id, request_id = l.request_id, gateway_id = l.gateway_id, status = l.status,
  request = l.request, response = l.response, score = l.score, latency_ms = l.latency_ms,
  tokens_in = l.tokens_in, tokens_out = l.tokens_out, cost_usd = l.cost_usd,
  policy_results = l.policy_results, attributes = l.attributes
FROM ingest_event_latest l
WHERE events.id = l.id AND l.change = 'update';
