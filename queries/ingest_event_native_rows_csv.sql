-- One CSV file of events as DuckDB's own reader (in parallel) reads it, each cell checked against what kt's CSV
-- reading + the zod event schema accept (see ingest_event_native_rows_ndjson).
-- Cells are found by their header names (NULL for a column the file lacks); a quoted empty cell is '' and an
-- unquoted one NULL, as in kt's own CSV parser. `complex` rows (policy results other
-- than [], or a file with extra columns) are finished in JavaScript from `cells`.
SELECT 0 AS line, id, TRY_CAST("timestamp" AS TIMESTAMPTZ) AS "timestamp",
  CASE verdict WHEN 'allowed' THEN 'allow' WHEN 'blocked' THEN 'block' WHEN 'redacted' THEN 'redact'
    WHEN 'escalated' THEN 'escalate' ELSE verdict END AS verdict,
  reason_code, policy, config_id, config_version, provider, model, team, user_id, request_id, gateway_id,
  status, request, response,
  kt_csv_number(score) AS score, kt_csv_number(latency_ms) AS latency_ms,
  TRY_CAST(CASE WHEN tokens_in <> '' THEN tokens_in END AS BIGINT) AS tokens_in,
  TRY_CAST(CASE WHEN tokens_out <> '' THEN tokens_out END AS BIGINT) AS tokens_out,
  kt_csv_number(cost_usd) AS cost_usd,
  CASE WHEN policy_results = '[]' THEN '[]'::JSON END AS policy_results, NULL::JSON AS attributes,
  coalesce(kt_has_content(id)
    AND regexp_full_match("timestamp",
      -- zod's own RFC 3339 pattern (z.iso.datetime({ offset: true })): the timestamps the zod path accepts, no more
      '(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))')
    AND TRY_CAST("timestamp" AS TIMESTAMPTZ) IS NOT NULL
    AND verdict IN ('allow', 'block', 'redact', 'escalate', 'allowed', 'blocked', 'redacted', 'escalated')
    AND (verdict IN ('allow', 'allowed') OR kt_has_content(reason_code))
    AND kt_csv_number_ok(score) AND (coalesce(score, '') = '' OR kt_csv_number(score) BETWEEN 0 AND 1)
    AND kt_csv_amount_ok(latency_ms) AND kt_csv_amount_ok(cost_usd)
    AND kt_csv_count_ok(tokens_in) AND kt_csv_count_ok(tokens_out), false) AS sure,
  $extra_columns OR coalesce(policy_results NOT IN ('', '[]'), false) AS complex,
  -- The file's own cells, in header order, only where JavaScript needs them (building the list costs).
  CASE WHEN $extra_columns OR coalesce(policy_results NOT IN ('', '[]'), false)
    THEN list_slice(list_value(*COLUMNS(*)), 1, $columns) END AS cells
FROM (
  -- The file's columns by name, and NULL for each field it lacks (UNION BY NAME adds them after the file's own).
  SELECT * FROM read_csv($path, header = true, all_varchar = true, allow_quoted_nulls = false, delim = ',', quote = '"',
    escape = '"', strict_mode = true, compression = $compression)
  UNION ALL BY NAME
  SELECT NULL::VARCHAR AS id, NULL::VARCHAR AS "timestamp", NULL::VARCHAR AS verdict, NULL::VARCHAR AS reason_code,
    NULL::VARCHAR AS policy, NULL::VARCHAR AS config_id, NULL::VARCHAR AS config_version, NULL::VARCHAR AS provider,
    NULL::VARCHAR AS model, NULL::VARCHAR AS team, NULL::VARCHAR AS user_id, NULL::VARCHAR AS request_id,
    NULL::VARCHAR AS gateway_id, NULL::VARCHAR AS status, NULL::VARCHAR AS request, NULL::VARCHAR AS response,
    NULL::VARCHAR AS score, NULL::VARCHAR AS latency_ms, NULL::VARCHAR AS tokens_in, NULL::VARCHAR AS tokens_out,
    NULL::VARCHAR AS cost_usd, NULL::VARCHAR AS policy_results
  WHERE false
)
