-- queries/fp_clusters.sql and queries/fp_cluster_terms.sql in PostgreSQL's dialect, for
-- kt's default question (no team/provider/model split, no cause filter, 5 terms per
-- cluster): the clusters, then each cluster's separating terms (the same tokens, stop
-- words, phrases and Fightin' Words z as kt). Ties are broken in byte order (COLLATE "C"),
-- as DuckDB does.
SET jit = off; -- PostgreSQL's best case here: JIT compilation costs more than it saves on these queries

SELECT e.policy, e.reason_code, e.config_id, e.config_version,
  count(*) AS escalations,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate') AS resolved,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'false_positive') AS false_positives,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'benign_positive') AS benign_positives,
  count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'true_positive') AS true_positives,
  coalesce(array_agg(DISTINCT e.team COLLATE "C" ORDER BY e.team COLLATE "C") FILTER (WHERE e.team IS NOT NULL), '{}') AS teams,
  min(e."timestamp") AS first_seen, max(e."timestamp") AS last_seen
FROM escalations x JOIN events e ON e.id = x.event_id
GROUP BY 1, 2, 3, 4
ORDER BY 7 DESC, count(*) FILTER (WHERE x.status = 'resolved' AND x.category = 'false_positive')::float8
  / nullif(count(*) FILTER (WHERE x.status = 'resolved' AND x.category <> 'duplicate'), 0) DESC NULLS LAST,
  e.policy COLLATE "C", e.reason_code COLLATE "C", e.config_id COLLATE "C", e.config_version COLLATE "C";

WITH documents AS MATERIALIZED (
  SELECT e.policy, e.reason_code, e.config_id, e.config_version,
    CASE
      WHEN x.status = 'resolved' AND x.category = 'false_positive' THEN 'fp'
      WHEN x.status = 'resolved' AND x.category = 'true_positive' THEN 'tp'
    END AS side,
    ARRAY(SELECT m[1] FROM regexp_matches(lower(coalesce(e.request, '')), '[[:alnum:]]+', 'g') AS m) AS words
  FROM escalations x JOIN events e ON e.id = x.event_id
),
words AS MATERIALIZED (
  SELECT d.policy, d.reason_code, d.config_id, d.config_version, d.side, d.words[i] AS word, d.words[i + 1] AS next
  FROM documents d, generate_subscripts(d.words, 1) AS i
),
vocabulary AS MATERIALIZED (
  SELECT word,
    word IN ('a', 'about', 'all', 'am', 'an', 'and', 'any', 'are', 'as', 'at', 'be', 'been', 'but', 'by', 'can',
      'could', 'did', 'do', 'does', 'for', 'from', 'had', 'has', 'have', 'he', 'her', 'his', 'how', 'i',
      'if', 'in', 'into', 'is', 'it', 'its', 'just', 'me', 'my', 'no', 'not', 'of', 'on', 'or', 'our',
      'please', 's', 'she', 'should', 'so', 'some', 'than', 'that', 'the', 'their', 'them', 'then',
      'there', 'they', 'this', 'to', 'up', 'us', 'was', 'we', 'were', 'what', 'when', 'where', 'which',
      'who', 'why', 'will', 'with', 'would', 'you', 'your') AS stop,
    word ~ '^[0-9]+$' AS number
  FROM (SELECT DISTINCT word FROM words) w
),
occurrences AS (
  SELECT w.policy, w.reason_code, w.config_id, w.config_version, w.side, w.word AS term
  FROM words w JOIN vocabulary v ON v.word = w.word
  WHERE length(w.word) > 1 AND NOT v.stop AND NOT v.number
  UNION ALL
  SELECT w.policy, w.reason_code, w.config_id, w.config_version, w.side, w.word || ' ' || w.next
  FROM words w JOIN vocabulary a ON a.word = w.word JOIN vocabulary b ON b.word = w.next
  WHERE NOT (a.stop AND b.stop) AND NOT a.number AND NOT b.number
),
counts AS MATERIALIZED (
  SELECT policy, reason_code, config_id, config_version, term,
    count(*) AS y_all,
    count(*) FILTER (WHERE side = 'fp') AS y_fp,
    count(*) FILTER (WHERE side = 'tp') AS y_tp
  FROM occurrences
  GROUP BY 1, 2, 3, 4, 5
),
background AS (
  SELECT term, sum(y_all)::float8 / sum(sum(y_all)) OVER () AS share
  FROM counts GROUP BY term
),
priors AS (
  SELECT c.*, (c.n_fp + c.n_tp)::float8 AS alpha0, (c.n_fp + c.n_tp) * b.share AS alpha
  FROM (
    SELECT *, sum(y_fp) OVER w AS n_fp, sum(y_tp) OVER w AS n_tp
    FROM counts
    WINDOW w AS (PARTITION BY policy, reason_code, config_id, config_version)
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
ranked AS (
  SELECT *, row_number() OVER (PARTITION BY policy, reason_code, config_id, config_version ORDER BY z DESC, term COLLATE "C") AS rank
  FROM scored
  WHERE z > 0
)
SELECT policy, reason_code, config_id, config_version, term, y_fp AS false_positives, y_tp AS true_positives, z
FROM ranked
WHERE rank <= 5
ORDER BY policy COLLATE "C", reason_code COLLATE "C", config_id COLLATE "C", config_version COLLATE "C", z DESC, term COLLATE "C";
