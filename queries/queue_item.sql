-- One escalation as the queue shows it: the answer to a claim, unclaim, resolve or
-- reassign. A lookup by id, without the page query's sort and self-join (5.5 against
-- 2.1 ms on the 1M demo, after every change); whether the caller's teams may see it is
-- checked by the caller, as for the item's state (a team list here was tested on every
-- row: 3 ms more over 100k escalations).
SELECT q.*, epoch_us(q.created_at) AS sort_key
FROM queue_items q
WHERE q.id = $id;
