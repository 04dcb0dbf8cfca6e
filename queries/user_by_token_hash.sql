-- Who holds this token? Only users whose token has not been revoked.
SELECT id, role, teams
FROM users
WHERE token_hash = $token_hash
  AND revoked_at IS NULL;
