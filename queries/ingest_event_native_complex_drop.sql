-- The rows finished in JavaScript, once their results are staged.
DROP TABLE IF EXISTS ingest_event_complex;
