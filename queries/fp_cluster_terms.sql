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
  -- The cluster keys and filters come from the escalation's own copy of its event's
  -- fields; the event is read only for its request text.
  SELECT
    x.event_policy AS policy, x.event_reason_code AS reason_code,
    x.event_config_id AS config_id, x.event_config_version AS config_version,
    CASE WHEN $by_team THEN x.event_team END AS team,
    CASE WHEN $by_provider THEN x.event_provider END AS provider,
    CASE WHEN $by_model THEN x.event_model END AS model,
    CASE
      WHEN x.status = 'resolved' AND x.category = 'false_positive' AND ($cause IS NULL OR x.cause = $cause) THEN 'fp'
      WHEN x.status = 'resolved' AND x.category = 'true_positive' THEN 'tp'
    END AS side,
    e.request
  FROM escalations x
  JOIN events e ON e.id = x.event_id
  WHERE ($since IS NULL OR x.event_timestamp >= $since::TIMESTAMPTZ)
    AND ($until IS NULL OR x.event_timestamp < $until::TIMESTAMPTZ)
    AND ($team IS NULL OR x.event_team = $team)
    AND ($teams IS NULL OR list_contains($teams, x.event_team))
    AND ($config_id IS NULL OR x.event_config_id = $config_id)
),
-- Each request's cluster as a small number, so the counting below groups on it
-- rather than on seven text keys.
documents AS MATERIALIZED (
  SELECT *, dense_rank() OVER (ORDER BY policy, reason_code, config_id, config_version, team, provider, model) AS cluster
  FROM scoped
),
clusters AS (
  SELECT DISTINCT cluster, policy, reason_code, config_id, config_version, team, provider, model
  FROM documents
),
-- Every word of every request beside the word after it (NULL for the last word):
-- one set-based pass, no per-row list lambdas.
words AS MATERIALIZED (
  SELECT cluster, side, unnest(list) AS word, unnest(list[2:]) AS next
  FROM (
    SELECT cluster, side, regexp_extract_all(lower(coalesce(request, '')), '[\p{L}\p{N}]+') AS list
    FROM documents
  )
),
-- What each distinct word is, worked out once per word rather than per occurrence.
vocabulary AS MATERIALIZED (
  SELECT word,
    list_contains([
      'a', 'about', 'all', 'am', 'an', 'and', 'any', 'are', 'as', 'at', 'be', 'been', 'but', 'by', 'can',
      'could', 'did', 'do', 'does', 'for', 'from', 'had', 'has', 'have', 'he', 'her', 'his', 'how', 'i',
      'if', 'in', 'into', 'is', 'it', 'its', 'just', 'me', 'my', 'no', 'not', 'of', 'on', 'or', 'our',
      'please', 's', 'she', 'should', 'so', 'some', 'than', 'that', 'the', 'their', 'them', 'then',
      'there', 'they', 'this', 'to', 'up', 'us', 'was', 'we', 'were', 'what', 'when', 'where', 'which',
      'who', 'why', 'will', 'with', 'would', 'you', 'your'
    ], word) AS stop,
    regexp_full_match(word, '\d+') AS number
  FROM (SELECT DISTINCT word FROM words)
),
-- Each kept word (second IS NULL) and two-word phrase; a word never holds a space, so
-- (first, second) names the term and the text is joined only once per counted term.
occurrences AS (
  SELECT w.cluster, w.side, w.word AS first, NULL::VARCHAR AS second
  FROM words w
  JOIN vocabulary v ON v.word = w.word
  WHERE length(w.word) > 1 AND NOT v.stop AND NOT v.number
  UNION ALL
  SELECT w.cluster, w.side, w.word AS first, w.next AS second
  FROM words w
  JOIN vocabulary a ON a.word = w.word
  JOIN vocabulary b ON b.word = w.next
  WHERE NOT (a.stop AND b.stop) AND NOT a.number AND NOT b.number
),
counts AS MATERIALIZED (
  SELECT
    cluster, CASE WHEN second IS NULL THEN first ELSE first || ' ' || second END AS term,
    count(*) AS y_all,
    count(*) FILTER (WHERE side = 'fp') AS y_fp,
    count(*) FILTER (WHERE side = 'tp') AS y_tp
  FROM occurrences
  GROUP BY cluster, first, second
),
background AS (
  SELECT term, sum(y_all) / sum(sum(y_all)) OVER () AS share
  FROM counts
  GROUP BY term
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
    WINDOW cluster AS (PARTITION BY cluster)
  ) c
  JOIN background b USING (term)
),
scored AS (
  SELECT *,
    (ln((y_fp + alpha) / (n_fp + alpha0 - y_fp - alpha)) - ln((y_tp + alpha) / (n_tp + alpha0 - y_tp - alpha)))
      / sqrt(1.0 / (y_fp + alpha) + 1.0 / (y_tp + alpha)) AS z
  FROM priors
  WHERE y_fp > 0
),
top AS (
  SELECT cluster, term, y_fp, y_tp, z
  FROM scored
  WHERE z > 0
  QUALIFY row_number() OVER (PARTITION BY cluster ORDER BY z DESC, term) <= $terms
)
SELECT k.policy, k.reason_code, k.config_id, k.config_version, k.team, k.provider, k.model,
       t.term, t.y_fp AS false_positives, t.y_tp AS true_positives, t.z
FROM top t
JOIN clusters k USING (cluster)
ORDER BY k.policy, k.reason_code, k.config_id, k.config_version, k.team, k.provider, k.model, t.z DESC, t.term;
