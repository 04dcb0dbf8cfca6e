-- The bulk load of an NDJSON file into a store without events: the checked rows (ingest_event_native_rows, the
-- read of ingest_event_native_rows_ndjson given as a WITH) go straight into `events`, with no copy in between.
-- A row the zod path might read differently stops the statement (and so the transaction: nothing is written);
-- so does a repeated id, by the primary key. A row JavaScript must finish is stored with what it needs for that
-- in `attributes` (the whole row where it has extra fields), and finished in place before the commit.
INSERT INTO events (id, "timestamp", verdict, reason_code, policy, config_id, config_version, provider, model,
  team, user_id, request_id, gateway_id, status, request, response, score, latency_ms, tokens_in, tokens_out,
  cost_usd, policy_results, attributes)
SELECT CASE WHEN sure THEN id ELSE error('kt: a row for the zod path') END, "timestamp", verdict, reason_code,
  policy, config_id, config_version, provider, model, team, user_id, request_id, gateway_id, status, request,
  response, score, latency_ms, tokens_in, tokens_out, cost_usd, policy_results,
  CASE WHEN complex THEN json_object('doc', doc, 'key_count', key_count) END
FROM ingest_event_native_rows;
