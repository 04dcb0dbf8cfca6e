-- Every kt user, oldest first, with whether their token still works.
SELECT id, role, teams, created_at, revoked_at
FROM users
ORDER BY created_at, id;
