-- Helpers for judging one JSON value of an event row exactly as the zod event schema would
-- (temporary: they live as long as this load's connection session).
CREATE OR REPLACE TEMP MACRO kt_is_null(j) AS (j IS NULL OR json_type(j) = 'NULL');
CREATE OR REPLACE TEMP MACRO kt_text_ok(j) AS (kt_is_null(j) OR json_type(j) = 'VARCHAR');
CREATE OR REPLACE TEMP MACRO kt_text(j) AS (CASE WHEN json_type(j) = 'VARCHAR' THEN json_extract_string(j, '$') END);
CREATE OR REPLACE TEMP MACRO kt_number_ok(j) AS
  (kt_is_null(j) OR (json_type(j) IN ('BIGINT', 'UBIGINT', 'DOUBLE') AND coalesce(isfinite(TRY_CAST(j AS DOUBLE)), false)));
CREATE OR REPLACE TEMP MACRO kt_number(j) AS
  (CASE WHEN json_type(j) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN TRY_CAST(j AS DOUBLE) + 0.0 END);
-- A whole number zod's int() takes (a safe integer); 5.0 and 1e3 are left to zod.
CREATE OR REPLACE TEMP MACRO kt_count_ok(j) AS
  (kt_is_null(j) OR (json_type(j) IN ('BIGINT', 'UBIGINT') AND coalesce(TRY_CAST(j AS BIGINT) BETWEEN 0 AND 9007199254740991, false)));
CREATE OR REPLACE TEMP MACRO kt_count(j) AS (CASE WHEN json_type(j) IN ('BIGINT', 'UBIGINT') THEN TRY_CAST(j AS BIGINT) END);
-- A policy result whose stored text is the same whichever path stores it: known keys once each,
-- verdict already in its present-tense form, a score JavaScript and DuckDB write alike.
CREATE OR REPLACE TEMP MACRO kt_policy_result_ok(e) AS (
  json_type(e) = 'OBJECT'
  AND list_has_all(['policy', 'phase', 'verdict', 'reason_code', 'score'], json_keys(e))
  AND len(json_keys(e)) = len(list_distinct(json_keys(e)))
  AND coalesce(json_type(e, '$.policy') = 'VARCHAR', false)
  AND kt_text_ok(json_extract(e, '$.phase'))
  AND kt_text_ok(json_extract(e, '$.reason_code'))
  AND (kt_is_null(json_extract(e, '$.verdict'))
       OR (json_type(e, '$.verdict') = 'VARCHAR' AND json_extract_string(e, '$.verdict') IN ('allow', 'block', 'redact', 'escalate')))
  AND (kt_is_null(json_extract(e, '$.score'))
       OR (json_type(e, '$.score') IN ('BIGINT', 'UBIGINT') AND coalesce(TRY_CAST(json_extract(e, '$.score') AS BIGINT) IN (0, 1), false))
       OR (json_type(e, '$.score') = 'DOUBLE'
           AND coalesce(TRY_CAST(json_extract(e, '$.score') AS DOUBLE) BETWEEN 0.000001 AND 1, false)
           AND regexp_full_match(json_extract(e, '$.score')::VARCHAR, '0\.[0-9]*[1-9]'))));
CREATE OR REPLACE TEMP MACRO kt_policy_results_ok(j) AS (
  kt_is_null(j)
  OR (json_type(j) = 'ARRAY' AND NOT contains(j::VARCHAR, '\')
      AND len(list_filter(json_extract(j, '$[*]'), e -> NOT coalesce(kt_policy_result_ok(e), false))) = 0));
