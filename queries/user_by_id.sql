-- One kt user by id (revoked or not).
SELECT id, role, teams, created_at, revoked_at
FROM users
WHERE id = $id;
