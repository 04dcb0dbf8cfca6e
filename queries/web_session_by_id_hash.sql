-- Who is signed in with this session? Sessions not signed out, of users whose token still works,
-- with their expiry (checked by the caller against the clock, so the answer can be kept until the
-- store's next write).
SELECT s.user_id, s.csrf_token, s.expires_at, u.role, u.teams
FROM web_sessions s
JOIN users u ON u.id = s.user_id
WHERE s.id_hash = $id_hash
  AND s.revoked_at IS NULL
  AND u.revoked_at IS NULL;
