-- Hands an open escalation to a user (admin reassign); changes no row if it is resolved.
UPDATE escalations
SET status = 'claimed', claimed_by = $assignee, claimed_at = $now::TIMESTAMPTZ, updated_at = $now::TIMESTAMPTZ
WHERE id = $id AND status <> 'resolved';
