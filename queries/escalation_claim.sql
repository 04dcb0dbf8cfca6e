-- Claims a queued escalation for the caller; changes no row if it is no longer queued.
UPDATE escalations
SET status = 'claimed', claimed_by = $actor, claimed_at = $now::TIMESTAMPTZ, updated_at = $now::TIMESTAMPTZ
WHERE id = $id AND status = 'queued';
