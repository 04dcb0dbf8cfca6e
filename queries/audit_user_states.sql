-- Every kt user's role, teams and whether their token is revoked, for `kt audit verify` to hold against what the audit log records.
SELECT id, role, teams, revoked_at IS NOT NULL AS revoked
FROM users;
