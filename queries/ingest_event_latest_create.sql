-- The file's events, typed (one per id: ingest_event_typed holds distinct ids by now), each classified
-- against the store: 'insert' (new id), 'update' (stored row differs) or 'same'. A view, not a copy: the
-- file's rows are wide and many, and every question asked of them reads only some (counts, new, changed).
-- The classification is read before the update and the insert change the store; what comes after them
-- (escalations, routing) reads ingest_event_typed itself, since by then the join finds every row stored.
CREATE OR REPLACE TEMP VIEW ingest_event_latest AS
WITH latest AS (
  SELECT line, id, "timestamp"::TIMESTAMPTZ AS "timestamp", verdict, reason_code, policy,
    config_id, config_version, provider, model, team, user_id, request_id, gateway_id,
    status, request, response, score, latency_ms, tokens_in, tokens_out, cost_usd,
    policy_results, attributes
  FROM ingest_event_typed
)
SELECT l.*,
  CASE
    WHEN s.id IS NULL THEN 'insert'
    WHEN (l."timestamp", l.verdict, l.reason_code, l.policy, l.config_id, l.config_version, l.provider, l.model,
          l.team, l.user_id, l.request_id, l.gateway_id, l.status, l.request, l.response, l.score, l.latency_ms,
          l.tokens_in, l.tokens_out, l.cost_usd, l.policy_results::VARCHAR, l.attributes::VARCHAR)
      IS DISTINCT FROM
         (s."timestamp", s.verdict, s.reason_code, s.policy, s.config_id, s.config_version, s.provider, s.model,
          s.team, s.user_id, s.request_id, s.gateway_id, s.status, s.request, s.response, s.score, s.latency_ms,
          s.tokens_in, s.tokens_out, s.cost_usd, s.policy_results::VARCHAR, s.attributes::VARCHAR)
      THEN 'update'
    ELSE 'same'
  END AS change
FROM latest l
LEFT JOIN events s ON s.id = l.id;
