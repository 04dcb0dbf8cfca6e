-- Helpers for reading event files with DuckDB's own readers. NDJSON fields come as DuckDB's canonical JSON text
-- of the value (NULL when the key is missing or its value is null), CSV fields as cell text. Each *_ok macro is
-- true only where the value is one the zod event schema accepts unchanged; any other row sends the file down the
-- zod path. First-character tests stand in for json_type(), which would parse every value again.
-- JSON.stringify writes -0 as 0: so does the store, whichever path the row took.
CREATE OR REPLACE TEMP MACRO kt_no_negative_zero(x) AS CASE WHEN x = 0 THEN 0.0::DOUBLE ELSE x END;
-- How many of the contract's event fields an NDJSON row's map holds (any other key is an extra field).
CREATE OR REPLACE TEMP MACRO kt_known_key_count(j) AS
  map_contains(j, 'id')::INTEGER + map_contains(j, 'timestamp')::INTEGER + map_contains(j, 'verdict')::INTEGER
  + map_contains(j, 'reason_code')::INTEGER + map_contains(j, 'policy')::INTEGER + map_contains(j, 'config_id')::INTEGER
  + map_contains(j, 'config_version')::INTEGER + map_contains(j, 'provider')::INTEGER + map_contains(j, 'model')::INTEGER
  + map_contains(j, 'team')::INTEGER + map_contains(j, 'user_id')::INTEGER + map_contains(j, 'request_id')::INTEGER
  + map_contains(j, 'gateway_id')::INTEGER + map_contains(j, 'status')::INTEGER + map_contains(j, 'request')::INTEGER
  + map_contains(j, 'response')::INTEGER + map_contains(j, 'score')::INTEGER + map_contains(j, 'latency_ms')::INTEGER
  + map_contains(j, 'tokens_in')::INTEGER + map_contains(j, 'tokens_out')::INTEGER + map_contains(j, 'cost_usd')::INTEGER
  + map_contains(j, 'policy_results')::INTEGER;
-- How many of those fields an NDJSON row's map holds with a value other than null: the same lookups as the
-- row's fields, so DuckDB computes them once.
CREATE OR REPLACE TEMP MACRO kt_known_value_count(j) AS
  (j['id'] IS NOT NULL)::INTEGER + (j['timestamp'] IS NOT NULL)::INTEGER + (j['verdict'] IS NOT NULL)::INTEGER
  + (j['reason_code'] IS NOT NULL)::INTEGER + (j['policy'] IS NOT NULL)::INTEGER
  + (j['config_id'] IS NOT NULL)::INTEGER + (j['config_version'] IS NOT NULL)::INTEGER
  + (j['provider'] IS NOT NULL)::INTEGER + (j['model'] IS NOT NULL)::INTEGER + (j['team'] IS NOT NULL)::INTEGER
  + (j['user_id'] IS NOT NULL)::INTEGER + (j['request_id'] IS NOT NULL)::INTEGER
  + (j['gateway_id'] IS NOT NULL)::INTEGER + (j['status'] IS NOT NULL)::INTEGER
  + (j['request'] IS NOT NULL)::INTEGER + (j['response'] IS NOT NULL)::INTEGER + (j['score'] IS NOT NULL)::INTEGER
  + (j['latency_ms'] IS NOT NULL)::INTEGER + (j['tokens_in'] IS NOT NULL)::INTEGER
  + (j['tokens_out'] IS NOT NULL)::INTEGER + (j['cost_usd'] IS NOT NULL)::INTEGER
  + (j['policy_results'] IS NOT NULL)::INTEGER;
-- Whether a row's map holds a key that is not one of the contract's event fields (or one twice). When every key
-- has a value and is a known field, no key is left over; only a row with nulls needs the slower count of keys.
-- (The cast is the type the reader gives j, which DuckDB needs to know to take a macro with cardinality().)
CREATE OR REPLACE TEMP MACRO kt_has_extra_keys(j) AS
  CASE WHEN cardinality(j::MAP(VARCHAR, JSON)) = kt_known_value_count(j) THEN false
    ELSE cardinality(j::MAP(VARCHAR, JSON)) <> kt_known_key_count(j) END;
CREATE OR REPLACE TEMP MACRO kt_json_text_ok(v) AS v IS NULL OR starts_with(v, '"');
-- Whether a text has a character other than whitespace as JavaScript's trim() knows it (isBlank in
-- src/domain/event.ts): a required text (id, reason_code) must. Text that is all such characters goes to zod.
CREATE OR REPLACE TEMP MACRO kt_has_content(t) AS
  regexp_matches(t, '[^\t\n\x0B\f\r \x{00A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]');
-- Finite numbers only: DuckDB's reader takes NaN and Infinity, JSON.parse does not.
CREATE OR REPLACE TEMP MACRO kt_json_number(v) AS kt_no_negative_zero(TRY_CAST(v::VARCHAR AS DOUBLE));
CREATE OR REPLACE TEMP MACRO kt_json_number_ok(v) AS v IS NULL OR isfinite(TRY_CAST(v::VARCHAR AS DOUBLE));
-- Durations and costs (latency_ms, cost_usd): finite and not negative (-0 is 0).
CREATE OR REPLACE TEMP MACRO kt_json_amount_ok(v) AS v IS NULL OR (kt_json_number_ok(v) AND kt_json_number(v) >= 0);
-- zod's int() takes safe integers only; nonnegative() rules out the rest; 3.0 is left to zod.
CREATE OR REPLACE TEMP MACRO kt_json_count_ok(v) AS
  v IS NULL OR (regexp_full_match(v::VARCHAR, '[0-9]+') AND TRY_CAST(v::VARCHAR AS UBIGINT) <= 9007199254740991);
-- CSV cells (text; '' for a quoted empty cell, NULL for an unquoted one): numbers in plain decimal notation,
-- which JavaScript's Number() and DuckDB read alike; anything else is left to the zod path.
CREATE OR REPLACE TEMP MACRO kt_csv_number_ok(c) AS
  c IS NULL OR c = '' OR (regexp_full_match(c, '-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?') AND isfinite(TRY_CAST(c AS DOUBLE)));
CREATE OR REPLACE TEMP MACRO kt_csv_number(c) AS CASE WHEN c <> '' THEN kt_no_negative_zero(TRY_CAST(c AS DOUBLE)) END;
CREATE OR REPLACE TEMP MACRO kt_csv_amount_ok(c) AS kt_csv_number_ok(c) AND (coalesce(c, '') = '' OR kt_csv_number(c) >= 0);
CREATE OR REPLACE TEMP MACRO kt_csv_count_ok(c) AS
  c IS NULL OR c = '' OR (regexp_full_match(c, '[0-9]+') AND TRY_CAST(c AS UBIGINT) <= 9007199254740991);
