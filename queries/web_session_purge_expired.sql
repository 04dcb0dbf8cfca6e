-- Forgets sessions that can no longer be used (expired or signed out a day ago).
DELETE FROM web_sessions
WHERE expires_at <= $now::TIMESTAMPTZ
   OR revoked_at <= $now::TIMESTAMPTZ - INTERVAL 1 DAY;
