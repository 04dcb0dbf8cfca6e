-- Resolves an escalation claimed by $owner; changes no row if it is not (or no longer) theirs.
UPDATE escalations
SET status = 'resolved', resolved_by = $owner, resolved_at = $now::TIMESTAMPTZ,
    outcome = $outcome, category = $category, cause = $cause, note = $note, follow_up = $follow_up,
    updated_at = $now::TIMESTAMPTZ
WHERE id = $id AND status = 'claimed' AND claimed_by = $owner;
