-- The latest audit entries, newest last (JSON columns as text).
SELECT * FROM (
  SELECT seq, recorded_at, actor, action, target, before::VARCHAR AS before, after::VARCHAR AS after, prev_hash, hash
  FROM audit
  ORDER BY seq DESC
  LIMIT $limit
)
ORDER BY seq;
