-- The file's lines that are certainly valid events, typed straight into ingest_event_typed the way the
-- zod path would stage them (verdict normalised, nulls as NULL, no extra fields). Every other non-blank
-- line (invalid, extra fields, unusual forms) is left for the zod path, which words the rejections.
INSERT INTO ingest_event_typed
WITH judged AS (
  SELECT line, v, lower(kt_text(v[3])) AS verdict_word
  FROM ingest_fast_parsed
  WHERE list_has_all(['id', 'timestamp', 'verdict', 'reason_code', 'policy', 'config_id', 'config_version',
      'provider', 'model', 'team', 'user_id', 'request_id', 'gateway_id', 'status', 'request', 'response',
      'score', 'latency_ms', 'tokens_in', 'tokens_out', 'cost_usd', 'policy_results'], keys)
    AND len(keys) = len(list_distinct(keys))
    AND json_type(v[1]) = 'VARCHAR' AND kt_text(v[1]) <> ''
    AND json_type(v[2]) = 'VARCHAR'
    -- zod's RFC 3339 date-time with seconds and a zone, and a time DuckDB can hold.
    AND regexp_full_match(kt_text(v[2]), '(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|[1-9]\d{3}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)')
    AND TRY_CAST(kt_text(v[2]) AS TIMESTAMPTZ) IS NOT NULL
    AND json_type(v[3]) = 'VARCHAR' AND regexp_full_match(kt_text(v[3]), '[A-Za-z]+')
    AND kt_text_ok(v[4]) AND kt_text_ok(v[5]) AND kt_text_ok(v[6]) AND kt_text_ok(v[7]) AND kt_text_ok(v[8])
    AND kt_text_ok(v[9]) AND kt_text_ok(v[10]) AND kt_text_ok(v[11]) AND kt_text_ok(v[12]) AND kt_text_ok(v[13])
    AND kt_text_ok(v[14]) AND kt_text_ok(v[15]) AND kt_text_ok(v[16])
    AND kt_number_ok(v[17]) AND (kt_is_null(v[17]) OR kt_number(v[17]) BETWEEN 0 AND 1)
    AND kt_number_ok(v[18]) AND kt_count_ok(v[19]) AND kt_count_ok(v[20]) AND kt_number_ok(v[21])
    AND kt_policy_results_ok(v[22])
),
normalised AS (
  SELECT line, v, CASE verdict_word
      WHEN 'allowed' THEN 'allow' WHEN 'blocked' THEN 'block' WHEN 'redacted' THEN 'redact' WHEN 'escalated' THEN 'escalate'
      ELSE verdict_word END AS verdict
  FROM judged
)
SELECT line, kt_text(v[1]), kt_text(v[2]), verdict, kt_text(v[4]), kt_text(v[5]), kt_text(v[6]), kt_text(v[7]),
  kt_text(v[8]), kt_text(v[9]), kt_text(v[10]), kt_text(v[11]), kt_text(v[12]), kt_text(v[13]), kt_text(v[14]),
  kt_text(v[15]), kt_text(v[16]), kt_number(v[17]), kt_number(v[18]), kt_count(v[19]), kt_count(v[20]),
  kt_number(v[21]), CASE WHEN json_type(v[22]) = 'ARRAY' THEN v[22] END, NULL
FROM normalised
WHERE verdict IN ('allow', 'block', 'redact', 'escalate')
  AND (verdict = 'allow' OR coalesce(kt_text(v[4]), '') <> '');
