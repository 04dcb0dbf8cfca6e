-- One escalation as the queue shows it, if the caller's teams may see it: the answer to
-- a claim, unclaim, resolve or reassign. A lookup by id, without the page query's sort
-- and self-join (5.5 against 2.1 ms on the 1M demo, after every change).
SELECT q.*, epoch_us(q.created_at) AS sort_key
FROM queue_items q
WHERE q.id = $id
  AND ($teams IS NULL OR list_contains($teams, q.team));
