-- Routing decided for this load: escalations of events under this config version + provider + model
-- arrive claimed by user_id. Temporary, filled by the appender.
CREATE OR REPLACE TEMP TABLE ingest_routes (
  config_id VARCHAR, config_version VARCHAR, provider VARCHAR, model VARCHAR, user_id VARCHAR NOT NULL
);
