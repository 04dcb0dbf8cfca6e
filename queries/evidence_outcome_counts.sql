-- How were the escalations of an evidence pack decided? Counts per category, cause and outcome.
SELECT category, cause, outcome, count(*) AS escalations
FROM evidence_escalations
GROUP BY ALL
ORDER BY escalations DESC, category NULLS LAST, cause NULLS LAST, outcome NULLS LAST;
