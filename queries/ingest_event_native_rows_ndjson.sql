-- One NDJSON file of events as DuckDB's own reader (in parallel) reads it, typed as ingest_event_typed holds them
-- (the staged load) or as `events` takes them (the bulk load into a store without events), with every field
-- checked against what the zod event schema accepts: `sure` is false
-- for any row the zod path might treat differently. `complex` marks rows with policy results or extra fields;
-- JavaScript finishes those with the zod schema itself (from `doc`, the whole row, when it has extra fields). Blank lines are skipped, as on the zod path.
-- Timestamps are typed here, in parallel, once. Lines are not numbered (that would serialise the scan): a file whose ids repeat goes down the zod path.
SELECT 0 AS line,
  id ->> '$' AS id, TRY_CAST("timestamp" ->> '$' AS TIMESTAMPTZ) AS "timestamp",
  CASE verdict ->> '$' WHEN 'allowed' THEN 'allow' WHEN 'blocked' THEN 'block' WHEN 'redacted' THEN 'redact'
    WHEN 'escalated' THEN 'escalate' ELSE verdict ->> '$' END AS verdict,
  reason_code ->> '$' AS reason_code, policy ->> '$' AS policy, config_id ->> '$' AS config_id,
  config_version ->> '$' AS config_version, provider ->> '$' AS provider, model ->> '$' AS model, team ->> '$' AS team,
  user_id ->> '$' AS user_id, request_id ->> '$' AS request_id, gateway_id ->> '$' AS gateway_id,
  status ->> '$' AS status, request ->> '$' AS request, response ->> '$' AS response,
  kt_json_number(score) AS score, kt_json_number(latency_ms) AS latency_ms,
  TRY_CAST(tokens_in::VARCHAR AS BIGINT) AS tokens_in, TRY_CAST(tokens_out::VARCHAR AS BIGINT) AS tokens_out,
  kt_json_number(cost_usd) AS cost_usd,
  policy_results, NULL::JSON AS attributes,
  coalesce(is_object
    AND starts_with(id, '"') AND kt_has_content(id ->> '$')
    AND starts_with("timestamp", '"') AND TRY_CAST("timestamp" ->> '$' AS TIMESTAMPTZ) IS NOT NULL
    AND regexp_full_match("timestamp" ->> '$',
      -- zod's own RFC 3339 pattern (z.iso.datetime({ offset: true })): the timestamps the zod path accepts, no more
      '(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))')
    AND verdict::VARCHAR IN ('"allow"', '"block"', '"redact"', '"escalate"', '"allowed"', '"blocked"', '"redacted"', '"escalated"')
    AND (verdict::VARCHAR IN ('"allow"', '"allowed"') OR (starts_with(reason_code, '"') AND kt_has_content(reason_code ->> '$')))
    AND kt_json_text_ok(reason_code) AND kt_json_text_ok(policy) AND kt_json_text_ok(config_id)
    AND kt_json_text_ok(config_version) AND kt_json_text_ok(provider) AND kt_json_text_ok(model)
    AND kt_json_text_ok(team) AND kt_json_text_ok(user_id) AND kt_json_text_ok(request_id)
    AND kt_json_text_ok(gateway_id) AND kt_json_text_ok(status) AND kt_json_text_ok(request)
    AND kt_json_text_ok(response)
    AND kt_json_number_ok(score) AND (score IS NULL OR kt_json_number(score) BETWEEN 0 AND 1)
    AND kt_json_amount_ok(latency_ms) AND kt_json_amount_ok(cost_usd)
    AND kt_json_count_ok(tokens_in) AND kt_json_count_ok(tokens_out)
    AND (policy_results IS NULL OR starts_with(policy_results, '[')), false) AS sure,
  has_extras OR coalesce(policy_results::VARCHAR <> '[]', false) AS complex,
  doc, key_count
FROM (
  SELECT
    -- Everything that needs the whole row is worked out here, and the row as JSON only where it has extra
    -- fields: the map is big, and carrying it on, or writing it out for every row with policy results,
    -- would cost a third of the read.
    j IS NOT NULL AS is_object,
    kt_has_extra_keys(j) AS has_extras,
    CASE WHEN kt_has_extra_keys(j) THEN to_json(j)::VARCHAR END AS doc,
    cardinality(j) AS key_count,
    j['id'] AS id, j['timestamp'] AS "timestamp", j['verdict'] AS verdict, j['reason_code'] AS reason_code,
    j['policy'] AS policy, j['config_id'] AS config_id, j['config_version'] AS config_version, j['provider'] AS provider,
    j['model'] AS model, j['team'] AS team, j['user_id'] AS user_id, j['request_id'] AS request_id,
    j['gateway_id'] AS gateway_id, j['status'] AS status, j['request'] AS request, j['response'] AS response,
    j['score'] AS score, j['latency_ms'] AS latency_ms, j['tokens_in'] AS tokens_in, j['tokens_out'] AS tokens_out,
    j['cost_usd'] AS cost_usd, j['policy_results'] AS policy_results
  FROM read_json($path, format = 'newline_delimited', records = 'false', compression = $compression,
    columns = {j: 'MAP(VARCHAR, JSON)'})
)
