-- Policy results of natively read rows as zod shaped them ({"policy_results": […]} per id), to be typed in.
CREATE OR REPLACE TEMP TABLE ingest_event_policy_stage (id VARCHAR NOT NULL, doc VARCHAR NOT NULL);
