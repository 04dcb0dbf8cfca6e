-- Which events matching the filter (matching_events: events_matching.sql) were ingested after a
-- follower's last look, in arrival order (ingested_at, then id)? $after_at is the latest
-- ingested_at the follower has seen (NULL: none yet); every ingest transaction stamps a later one.
SELECT
  id, "timestamp", verdict, reason_code, policy, config_id, config_version,
  provider, model, team, user_id, request_id, gateway_id, status,
  request, response, score, latency_ms, tokens_in, tokens_out, cost_usd,
  policy_results, attributes
FROM matching_events
WHERE ingested_at > coalesce($after_at::TIMESTAMPTZ, '-infinity'::TIMESTAMPTZ)
ORDER BY ingested_at, id
