-- Which words separate a cluster's false positives from its true positives? Words
-- and two-word phrases of the event request, ranked by Monroe et al.'s log-odds
-- ratio with an informative Dirichlet prior ("Fightin' Words"). The prior is the
-- background of every escalated request in scope: a term's share of it, times the
-- cluster's own false-positive + true-positive term count (so the prior weighs as
-- much as the data). Only terms seen in false positives and leaning towards them
-- (z > 0) are kept: candidates for an `unless` exception. Stop words, one-letter
-- words and bare numbers are skipped (a phrase is kept if one of its words counts).
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
    'a', 'about', 'all', 'am', 'an', 'and', 'any', 'are', 'as', 'at', 'be', 'been', 'but', 'by', 'can',
    'could', 'did', 'do', 'does', 'for', 'from', 'had', 'has', 'have', 'he', 'her', 'his', 'how', 'i',
    'if', 'in', 'into', 'is', 'it', 'its', 'just', 'me', 'my', 'no', 'not', 'of', 'on', 'or', 'our',
    'please', 's', 'she', 'should', 'so', 'some', 'than', 'that', 'the', 'their', 'them', 'then',
    'there', 'they', 'this', 'to', 'up', 'us', 'was', 'we', 'were', 'what', 'when', 'where', 'which',
    'who', 'why', 'will', 'with', 'would', 'you', 'your'
  ] AS list
),
documents AS (
  SELECT
    policy, reason_code, config_id, config_version, team, provider, model, side,
    list_concat(
      [w FOR w IN words IF length(w) > 1 AND NOT list_contains(s.list, w) AND NOT regexp_full_match(w, '\d+')],
      [words[i] || ' ' || words[i + 1] FOR i IN range(1, len(words))
         IF NOT (list_contains(s.list, words[i]) AND list_contains(s.list, words[i + 1]))
            AND NOT regexp_full_match(words[i], '\d+') AND NOT regexp_full_match(words[i + 1], '\d+')]
    ) AS terms
  FROM scoped, stopwords s
),
occurrences AS (
  SELECT policy, reason_code, config_id, config_version, team, provider, model, side, unnest(terms) AS term
  FROM documents
),
background AS (
  SELECT term, count(*) / sum(count(*)) OVER () AS share
  FROM occurrences
  GROUP BY term
),
counts AS (
  SELECT
    policy, reason_code, config_id, config_version, team, provider, model, term,
    count(*) FILTER (WHERE side = 'fp') AS y_fp,
    count(*) FILTER (WHERE side = 'tp') AS y_tp
  FROM occurrences
  GROUP BY ALL
),
priors AS (
  SELECT c.*, n_fp, n_tp,
    -- α₀ = n_fp + n_tp and α_w = α₀ · the term's background share.
    n_fp + n_tp AS alpha0,
    (n_fp + n_tp) * b.share AS alpha
  FROM (
    SELECT *,
      sum(y_fp) OVER cluster AS n_fp,
      sum(y_tp) OVER cluster AS n_tp
    FROM counts
    WINDOW cluster AS (PARTITION BY policy, reason_code, config_id, config_version, team, provider, model)
  ) c
  JOIN background b USING (term)
),
scored AS (
  SELECT *,
    (ln((y_fp + alpha) / (n_fp + alpha0 - y_fp - alpha)) - ln((y_tp + alpha) / (n_tp + alpha0 - y_tp - alpha)))
      / sqrt(1.0 / (y_fp + alpha) + 1.0 / (y_tp + alpha)) AS z
  FROM priors
  WHERE y_fp > 0
)
SELECT policy, reason_code, config_id, config_version, team, provider, model,
       term, y_fp AS false_positives, y_tp AS true_positives, z
FROM scored
WHERE z > 0
QUALIFY row_number() OVER (
  PARTITION BY policy, reason_code, config_id, config_version, team, provider, model
  ORDER BY z DESC, term
) <= $terms
ORDER BY policy, reason_code, config_id, config_version, team, provider, model, z DESC, term;
