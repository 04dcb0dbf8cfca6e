-- Helpers for reading NDJSON events with DuckDB's own reader, where every field comes as DuckDB's
-- canonical JSON text of the value (NULL when the key is missing or its value is null). Each *_ok macro is
-- true only where the value is one the zod event schema accepts unchanged; any other row sends the file
-- down the zod path. Text first-character tests are used because json_type() would parse every value again.
CREATE OR REPLACE TEMP MACRO kt_json_text_ok(v) AS v IS NULL OR starts_with(v, '"');
-- Finite numbers only: DuckDB's reader takes NaN and Infinity, JSON.parse does not.
CREATE OR REPLACE TEMP MACRO kt_json_number(v) AS TRY_CAST(v::VARCHAR AS DOUBLE);
CREATE OR REPLACE TEMP MACRO kt_json_number_ok(v) AS v IS NULL OR isfinite(TRY_CAST(v::VARCHAR AS DOUBLE));
-- zod's int() takes safe integers only; nonnegative() rules out the rest; 3.0 is left to zod.
CREATE OR REPLACE TEMP MACRO kt_json_count_ok(v) AS
  v IS NULL OR (regexp_full_match(v::VARCHAR, '[0-9]+') AND TRY_CAST(v::VARCHAR AS UBIGINT) <= 9007199254740991);
