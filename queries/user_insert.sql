-- Adds a user; only the SHA-256 of their token is kept.
INSERT INTO users (id, role, teams, token_hash, created_at)
VALUES ($id, $role, from_json($teams_json::JSON, '["VARCHAR"]'), $token_hash, $created_at::TIMESTAMPTZ);
