-- Revokes a user's token (the row stays, so audit entries still name a known user).
UPDATE users SET revoked_at = $revoked_at::TIMESTAMPTZ
WHERE id = $id AND revoked_at IS NULL;
