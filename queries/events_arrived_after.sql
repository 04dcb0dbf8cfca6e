-- Which events matching the filter were ingested after a follower's last look, in
-- arrival order (ingested_at, then id)? $after_at is the latest ingested_at the
-- follower has seen (NULL: none yet); every ingest transaction stamps a later one.
SELECT
  id, "timestamp", verdict, reason_code, policy, config_id, config_version,
  provider, model, team, user_id, request_id, gateway_id, status,
  request, response, score, latency_ms, tokens_in, tokens_out, cost_usd,
  policy_results, attributes
FROM events
WHERE ingested_at > coalesce($after_at::TIMESTAMPTZ, '-infinity'::TIMESTAMPTZ)
  AND ($since IS NULL OR "timestamp" >= $since::TIMESTAMPTZ)
  AND ($until IS NULL OR "timestamp" < $until::TIMESTAMPTZ)
  AND ($verdict IS NULL OR verdict = $verdict)
  AND ($policy IS NULL OR policy = $policy)
  AND ($reason_code IS NULL OR reason_code = $reason_code)
  AND ($team IS NULL OR team = $team)
  AND ($config_id IS NULL OR config_id = $config_id)
  AND ($config_version IS NULL OR config_version = $config_version)
  AND ($teams IS NULL OR list_contains($teams::VARCHAR[], team))
ORDER BY ingested_at, id
