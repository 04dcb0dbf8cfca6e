-- Which words separate a cluster's false positives from its true positives? Words
-- and two-word phrases of the event request, ranked by Monroe et al.'s log-odds
-- ratio with an informative Dirichlet prior ("Fightin' Words"): the prior for a
-- term is its count over all of the cluster's escalated requests. Only terms seen
-- in false positives and leaning towards them (z > 0) are kept: candidates for an
-- `unless` exception. Stop words, one-letter words and bare numbers are skipped.
-- The cluster keys match fp_clusters.sql.
WITH scoped AS (
  SELECT
    e.policy, e.reason_code, e.config_id, e.config_version,
    CASE WHEN $by_team THEN e.team END AS team,
    CASE WHEN $by_provider THEN e.provider END AS provider,
    CASE WHEN $by_model THEN e.model END AS model,
    CASE
      WHEN x.status = 'resolved' AND x.category = 'false_positive' AND ($cause IS NULL OR x.cause = $cause) THEN 'fp'
      WHEN x.status = 'resolved' AND x.category = 'true_positive' THEN 'tp'
    END AS side,
    regexp_extract_all(lower(coalesce(e.request, '')), '[\p{L}\p{N}]+') AS words
  FROM escalations x
  JOIN events e ON e.id = x.event_id
  WHERE ($since IS NULL OR e."timestamp" >= $since::TIMESTAMPTZ)
    AND ($until IS NULL OR e."timestamp" < $until::TIMESTAMPTZ)
    AND ($team IS NULL OR e.team = $team)
    AND ($teams IS NULL OR list_contains($teams, e.team))
    AND ($config_id IS NULL OR e.config_id = $config_id)
),
stopwords AS (
  SELECT [
    'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'can', 'do', 'does', 'for', 'from',
    'how', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'me', 'my', 'of', 'on', 'or', 'our', 'please',
    's', 'so', 'that', 'the', 'their', 'then', 'there', 'this', 'to', 'up', 'was', 'we', 'what',
    'when', 'where', 'which', 'who', 'why', 'will', 'with', 'you', 'your'
  ] AS list
),
documents AS (
  SELECT
    policy, reason_code, config_id, config_version, team, provider, model, side,
    list_concat(
      [w FOR w IN words IF length(w) > 1 AND NOT list_contains(s.list, w) AND NOT regexp_full_match(w, '\d+')],
      [words[i] || ' ' || words[i + 1] FOR i IN range(1, len(words))
         IF NOT list_contains(s.list, words[i]) AND NOT list_contains(s.list, words[i + 1])
            AND NOT regexp_full_match(words[i], '\d+') AND NOT regexp_full_match(words[i + 1], '\d+')]
    ) AS terms
  FROM scoped, stopwords s
),
occurrences AS (
  SELECT policy, reason_code, config_id, config_version, team, provider, model, side, unnest(terms) AS term
  FROM documents
),
counts AS (
  SELECT
    policy, reason_code, config_id, config_version, team, provider, model, term,
    count(*) FILTER (WHERE side = 'fp') AS y_fp,
    count(*) FILTER (WHERE side = 'tp') AS y_tp,
    count(*) AS alpha
  FROM occurrences
  GROUP BY ALL
),
totals AS (
  SELECT *,
    sum(y_fp) OVER cluster AS n_fp,
    sum(y_tp) OVER cluster AS n_tp,
    sum(alpha) OVER cluster AS alpha0
  FROM counts
  WINDOW cluster AS (PARTITION BY policy, reason_code, config_id, config_version, team, provider, model)
),
scored AS (
  SELECT *,
    (ln((y_fp + alpha) / (n_fp + alpha0 - y_fp - alpha)) - ln((y_tp + alpha) / (n_tp + alpha0 - y_tp - alpha)))
      / sqrt(1.0 / (y_fp + alpha) + 1.0 / (y_tp + alpha)) AS z
  FROM totals
)
SELECT policy, reason_code, config_id, config_version, team, provider, model,
       term, y_fp AS false_positives, y_tp AS true_positives, z
FROM scored
WHERE y_fp > 0 AND z > 0
QUALIFY row_number() OVER (
  PARTITION BY policy, reason_code, config_id, config_version, team, provider, model
  ORDER BY z DESC, term
) <= $terms
ORDER BY policy, reason_code, config_id, config_version, team, provider, model, z DESC, term;
