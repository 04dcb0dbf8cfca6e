-- The rows JavaScript finished whole (those zod saw whole: typed in from the stage, so not marked `complex`)
-- replace their bulk-loaded versions.
UPDATE events SET "timestamp" = t."timestamp", verdict = t.verdict, reason_code = t.reason_code, policy = t.policy,
  config_id = t.config_id, config_version = t.config_version, provider = t.provider, model = t.model, team = t.team,
  user_id = t.user_id, request_id = t.request_id, gateway_id = t.gateway_id, status = t.status, request = t.request,
  response = t.response, score = t.score, latency_ms = t.latency_ms, tokens_in = t.tokens_in,
  tokens_out = t.tokens_out, cost_usd = t.cost_usd, policy_results = t.policy_results, attributes = t.attributes
FROM ingest_event_typed t
WHERE events.id = t.id AND t.complex IS NULL;
