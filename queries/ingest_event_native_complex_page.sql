-- One page of the rows set apart by an ingest_event_native_complex_* query, after row $after.
SELECT * FROM ingest_event_complex
WHERE n > $after AND n <= $after + $page
ORDER BY n;
