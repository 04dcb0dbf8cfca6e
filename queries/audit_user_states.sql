-- Every kt user's role, teams, token hash and whether their token is revoked, for `kt audit verify` to hold against what the audit log records.
SELECT id, role, teams, token_hash, revoked_at IS NOT NULL AS revoked
FROM users;
