-- The kt user whose id is this one but for case (revoked or not): alice and Alice would read as one person in the audit log.
SELECT id, role, teams, created_at, revoked_at
FROM users
WHERE lower(id) = lower($id)
ORDER BY id
LIMIT 1;
