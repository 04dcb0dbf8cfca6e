-- Ends a web session (sign-out); the row stays until expired sessions are purged.
UPDATE web_sessions SET revoked_at = $now::TIMESTAMPTZ
WHERE id_hash = $id_hash AND revoked_at IS NULL;
