-- Who is signed in with this session? Only live sessions of users whose token still works.
SELECT s.user_id, s.csrf_token, s.expires_at, u.role, u.teams
FROM web_sessions s
JOIN users u ON u.id = s.user_id
WHERE s.id_hash = $id_hash
  AND s.revoked_at IS NULL
  AND s.expires_at > $now::TIMESTAMPTZ
  AND u.revoked_at IS NULL;
