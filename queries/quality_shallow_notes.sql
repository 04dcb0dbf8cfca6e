-- Are resolutions explained? Per reviewer, the resolutions whose note is empty,
-- near-empty (shorter than $min_note_length characters or fewer than three words)
-- or boilerplate (the same text, verbatim, used in at least $boilerplate_uses
-- resolutions in scope). Each note counts in the first of these that fits.
WITH resolutions AS (
  SELECT x.resolved_by AS reviewer, trim(coalesce(x.note, '')) AS note
  FROM escalations x
  JOIN events e ON e.id = x.event_id
  WHERE x.status = 'resolved'
    AND ($since IS NULL OR x.resolved_at >= $since::TIMESTAMPTZ)
    AND ($until IS NULL OR x.resolved_at < $until::TIMESTAMPTZ)
    AND ($team IS NULL OR e.team = $team)
    AND ($teams IS NULL OR list_contains($teams, e.team))
    AND ($config_id IS NULL OR e.config_id = $config_id)
),
classified AS (
  SELECT
    reviewer,
    CASE
      WHEN note = '' THEN 'empty'
      WHEN length(note) < $min_note_length OR len(regexp_extract_all(note, '\p{L}{2,}')) < 3 THEN 'near_empty'
      WHEN count(*) OVER (PARTITION BY note) >= $boilerplate_uses THEN 'boilerplate'
      ELSE 'explained'
    END AS kind
  FROM resolutions
)
SELECT
  reviewer,
  count(*) AS resolutions,
  count(*) FILTER (WHERE kind = 'empty') AS empty_notes,
  count(*) FILTER (WHERE kind = 'near_empty') AS near_empty_notes,
  count(*) FILTER (WHERE kind = 'boilerplate') AS boilerplate_notes,
  count(*) FILTER (WHERE kind <> 'explained') AS shallow,
  count(*) FILTER (WHERE kind <> 'explained') / count(*) AS shallow_share
FROM classified
GROUP BY reviewer
ORDER BY shallow_share DESC, shallow DESC, reviewer NULLS LAST;
