-- Which events match the filter (matching_events: events_matching.sql), newest first
-- (timestamp, then id, both descending)? $limit NULL returns the whole selection (kt events export).
SELECT
  id, "timestamp", verdict, reason_code, policy, config_id, config_version,
  provider, model, team, user_id, request_id, gateway_id, status,
  request, response, score, latency_ms, tokens_in, tokens_out, cost_usd,
  policy_results, attributes
FROM matching_events
ORDER BY "timestamp" DESC, id DESC
LIMIT $limit
