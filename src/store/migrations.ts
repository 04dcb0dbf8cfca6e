/**
 * Versioned schema migrations. Each entry moves the store from version N-1 to N;
 * a fresh file runs them all, an older file runs the ones it lacks. Never edit a
 * migration that has shipped: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'events, escalations, configs, users, audit',
    sql: `
      CREATE TABLE events (
        id             VARCHAR PRIMARY KEY,
        "timestamp"    TIMESTAMPTZ NOT NULL,
        verdict        VARCHAR NOT NULL,
        reason_code    VARCHAR,
        policy         VARCHAR,
        config_id      VARCHAR,
        config_version VARCHAR,
        provider       VARCHAR,
        model          VARCHAR,
        team           VARCHAR,
        user_id        VARCHAR,
        request_id     VARCHAR,
        gateway_id     VARCHAR,
        status         VARCHAR,
        request        VARCHAR,
        response       VARCHAR,
        score          DOUBLE,
        latency_ms     DOUBLE,
        tokens_in      BIGINT,
        tokens_out     BIGINT,
        cost_usd       DOUBLE,
        policy_results JSON,
        attributes     JSON,
        ingested_at    TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
      );

      CREATE TABLE escalations (
        id          VARCHAR PRIMARY KEY,
        event_id    VARCHAR NOT NULL UNIQUE,
        created_at  TIMESTAMPTZ NOT NULL,
        status      VARCHAR NOT NULL,
        severity    VARCHAR,
        due_at      TIMESTAMPTZ,
        claimed_by  VARCHAR,
        claimed_at  TIMESTAMPTZ,
        resolved_by VARCHAR,
        resolved_at TIMESTAMPTZ,
        outcome     VARCHAR,
        category    VARCHAR,
        cause       VARCHAR,
        note        VARCHAR,
        follow_up   VARCHAR,
        -- 'auto' (made for an escalate event), 'routed' (auto, claimed by routing) or 'import'
        origin      VARCHAR NOT NULL,
        attributes  JSON,
        updated_at  TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
      );

      CREATE TABLE configs (
        config_id   VARCHAR NOT NULL,
        version     VARCHAR NOT NULL,
        name        VARCHAR,
        author      VARCHAR,
        deployed_at TIMESTAMPTZ,
        source_text VARCHAR NOT NULL,
        document    JSON NOT NULL,
        ingested_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (config_id, version)
      );

      CREATE TABLE users (
        id         VARCHAR PRIMARY KEY,
        role       VARCHAR NOT NULL,
        teams      VARCHAR[] NOT NULL,
        token_hash VARCHAR NOT NULL UNIQUE,
        created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
        revoked_at TIMESTAMPTZ
      );

      CREATE TABLE audit (
        seq       BIGINT PRIMARY KEY,
        recorded_at VARCHAR NOT NULL,
        actor     VARCHAR NOT NULL,
        action    VARCHAR NOT NULL,
        target    VARCHAR NOT NULL,
        before    JSON,
        after     JSON,
        prev_hash VARCHAR NOT NULL,
        hash      VARCHAR NOT NULL
      );
      CREATE INDEX audit_target ON audit (target);
    `,
  },
  {
    version: 2,
    name: 'web sessions (reviewer web UI)',
    sql: `
      CREATE TABLE web_sessions (
        id_hash    VARCHAR PRIMARY KEY,
        user_id    VARCHAR NOT NULL,
        csrf_token VARCHAR NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL,
        revoked_at TIMESTAMPTZ
      );
    `,
  },
  {
    version: 3,
    name: 'what-if predictions (tune whatif, checked later by tune verify)',
    sql: `
      CREATE TABLE whatif_predictions (
        id            VARCHAR PRIMARY KEY,
        config_id     VARCHAR NOT NULL,
        draft_version VARCHAR NOT NULL,
        created_at    TIMESTAMPTZ NOT NULL,
        -- the replay window and scope as given: {since, until, config_version}
        "window"      JSON NOT NULL,
        numbers       JSON NOT NULL,
        draft_text    VARCHAR NOT NULL
      );
      CREATE INDEX whatif_predictions_version ON whatif_predictions (config_id, draft_version);
    `,
  },
  {
    version: 4,
    name: 'escalations carry the event fields the queue filters and shows (the queue no longer scans events)',
    sql: `
      ALTER TABLE escalations ADD COLUMN event_timestamp TIMESTAMPTZ;
      ALTER TABLE escalations ADD COLUMN event_policy VARCHAR;
      ALTER TABLE escalations ADD COLUMN event_reason_code VARCHAR;
      ALTER TABLE escalations ADD COLUMN event_team VARCHAR;
      ALTER TABLE escalations ADD COLUMN event_config_id VARCHAR;
      ALTER TABLE escalations ADD COLUMN event_config_version VARCHAR;
      ALTER TABLE escalations ADD COLUMN event_provider VARCHAR;
      ALTER TABLE escalations ADD COLUMN event_model VARCHAR;
      ALTER TABLE escalations ADD COLUMN event_request_excerpt VARCHAR;
      UPDATE escalations SET
        event_timestamp = e."timestamp", event_policy = e.policy, event_reason_code = e.reason_code,
        event_team = e.team, event_config_id = e.config_id, event_config_version = e.config_version,
        event_provider = e.provider, event_model = e.model, event_request_excerpt = left(e.request, 160)
      FROM events e
      WHERE e.id = escalations.event_id;
    `,
  },
  {
    version: 5,
    name: 'hourly event counts by config version and team (the tuning question counts traffic from them)',
    sql: `
      CREATE TABLE event_traffic_hourly (
        config_id      VARCHAR NOT NULL,
        config_version VARCHAR NOT NULL,
        team           VARCHAR,
        -- the UTC hour the events fall in
        hour_start     TIMESTAMPTZ NOT NULL,
        events         BIGINT NOT NULL
      );
      -- The start of the UTC hour a time falls in, and of the first UTC hour that starts at or
      -- after it (whatever the session's time zone).
      CREATE MACRO utc_hour(ts) AS to_timestamp(floor(epoch_us(ts) / 3600e6) * 3600);
      CREATE MACRO utc_hour_ceil(ts) AS to_timestamp(ceil(epoch_us(ts) / 3600e6) * 3600);
      INSERT INTO event_traffic_hourly
      SELECT config_id, config_version, team, utc_hour("timestamp"), count(*)
      FROM events
      WHERE config_id IS NOT NULL AND config_version IS NOT NULL
      GROUP BY ALL;
    `,
  },
  {
    version: 6,
    name: 'queue_items: an escalation as the queue lists and shows it (one list of fields for a page and for one item)',
    sql: `
      CREATE VIEW queue_items AS
      SELECT
        x.id, x.event_id, x.status, x.severity, x.created_at, x.due_at,
        x.claimed_by AS owner, x.claimed_at, x.resolved_by AS reviewer, x.resolved_at,
        x.origin = 'routed' AS routed, x.origin, x.outcome, x.category, x.cause, x.follow_up,
        x.event_policy AS policy, x.event_reason_code AS reason_code, x.event_team AS team,
        x.event_config_id AS config_id, x.event_config_version AS config_version,
        x.event_provider AS provider, x.event_model AS model, x.event_request_excerpt AS request_excerpt
      FROM escalations x;
    `,
  },
];

export const currentSchemaVersion = migrations.length;
