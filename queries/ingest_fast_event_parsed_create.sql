-- Each line that is one JSON object, parsed once: its keys and the contract's fields as JSON values
-- (NULL when absent), for ingest_fast_event_typed_insert to judge.
CREATE OR REPLACE TEMP TABLE ingest_fast_parsed AS
SELECT line, json_keys(raw) AS keys,
  json_extract(raw, ['$.id', '$.timestamp', '$.verdict', '$.reason_code', '$.policy', '$.config_id',
    '$.config_version', '$.provider', '$.model', '$.team', '$.user_id', '$.request_id', '$.gateway_id',
    '$.status', '$.request', '$.response', '$.score', '$.latency_ms', '$.tokens_in', '$.tokens_out',
    '$.cost_usd', '$.policy_results']) AS v
FROM ingest_fast_lines
-- Forms JSON.parse refuses but DuckDB's parser takes (a trailing comma) and escapes of lone
-- surrogates go to the zod path, as do lines that are not one JSON object.
WHERE raw IS NOT NULL AND json_valid(raw) AND json_type(raw) = 'OBJECT'
  AND NOT regexp_matches(raw, ',[ \t]*[\]}]|\\u[dD][89a-fA-F]');
