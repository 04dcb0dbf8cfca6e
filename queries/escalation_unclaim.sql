-- Puts a claimed escalation back in the queue; changes no row unless it was claimed by $owner.
UPDATE escalations
SET status = 'queued', claimed_by = NULL, claimed_at = NULL, updated_at = $now::TIMESTAMPTZ
WHERE id = $id AND status = 'claimed' AND claimed_by = $owner;
