-- Which events match the filter, newest first (timestamp, then id, both descending)?
-- Every filter is a bound parameter and NULL means "no filter"; $since is inclusive,
-- $until exclusive; $teams (the caller's team limits) NULL means every team.
-- $limit NULL returns the whole selection (kt events export).
SELECT
  id, "timestamp", verdict, reason_code, policy, config_id, config_version,
  provider, model, team, user_id, request_id, gateway_id, status,
  request, response, score, latency_ms, tokens_in, tokens_out, cost_usd,
  policy_results, attributes
FROM events
WHERE ($since IS NULL OR "timestamp" >= $since::TIMESTAMPTZ)
  AND ($until IS NULL OR "timestamp" < $until::TIMESTAMPTZ)
  AND ($verdict IS NULL OR verdict = $verdict)
  AND ($policy IS NULL OR policy = $policy)
  AND ($reason_code IS NULL OR reason_code = $reason_code)
  AND ($team IS NULL OR team = $team)
  AND ($config_id IS NULL OR config_id = $config_id)
  AND ($config_version IS NULL OR config_version = $config_version)
  AND ($teams IS NULL OR list_contains($teams::VARCHAR[], team))
ORDER BY "timestamp" DESC, id DESC
LIMIT $limit
