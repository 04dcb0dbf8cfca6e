-- Which events matching the filter were ingested after the last one a follower has
-- seen, in arrival order? Arrival is (ingested_at in epoch microseconds, id), so a
-- follower never skips nor repeats a row.
SELECT
  id, "timestamp", verdict, reason_code, policy, config_id, config_version,
  provider, model, team, user_id, request_id, gateway_id, status,
  request, response, score, latency_ms, tokens_in, tokens_out, cost_usd,
  policy_results, attributes,
  epoch_us(ingested_at) AS arrival_us
FROM events
WHERE (epoch_us(ingested_at) > $after_us OR (epoch_us(ingested_at) = $after_us AND id > $after_id))
  AND ($since IS NULL OR "timestamp" >= $since::TIMESTAMPTZ)
  AND ($until IS NULL OR "timestamp" < $until::TIMESTAMPTZ)
  AND ($verdict IS NULL OR verdict = $verdict)
  AND ($policy IS NULL OR policy = $policy)
  AND ($reason_code IS NULL OR reason_code = $reason_code)
  AND ($team IS NULL OR team = $team)
  AND ($config_id IS NULL OR config_id = $config_id)
  AND ($config_version IS NULL OR config_version = $config_version)
  AND ($teams IS NULL OR list_contains($teams::VARCHAR[], team))
ORDER BY arrival_us, id
LIMIT $limit
