-- Opens a web session; only the SHA-256 of the session id is kept.
INSERT INTO web_sessions (id_hash, user_id, csrf_token, created_at, expires_at)
VALUES ($id_hash, $user_id, $csrf_token, $created_at::TIMESTAMPTZ, $expires_at::TIMESTAMPTZ);
