-- The bulk load of a file into a store without events: the checked rows (ingest_event_native_rows, the read of
-- ingest_event_native_rows_ndjson or _csv given as a WITH) go straight into `events`, with no copy in between.
-- A row the zod path might read differently stops the statement (and so the transaction: nothing is written);
-- so does a repeated id, by the primary key. A row JavaScript must finish is stored whole, as JSON, in
-- `attributes` (its `doc` and `key_count`, or its `cells`, are what finishing reads), and finished in place
-- before the commit.
INSERT INTO events (id, "timestamp", verdict, reason_code, policy, config_id, config_version, provider, model,
  team, user_id, request_id, gateway_id, status, request, response, score, latency_ms, tokens_in, tokens_out,
  cost_usd, policy_results, attributes)
SELECT CASE WHEN sure THEN id ELSE error('kt: a row for the zod path') END, "timestamp", verdict, reason_code,
  policy, config_id, config_version, provider, model, team, user_id, request_id, gateway_id, status, request,
  response, score, latency_ms, tokens_in, tokens_out, cost_usd, policy_results,
  CASE WHEN complex THEN to_json(ingest_event_native_rows) END
FROM ingest_event_native_rows;
