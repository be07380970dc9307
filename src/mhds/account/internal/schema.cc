#include "mhds/account/internal/schema.h"

namespace mhds::account::internal {

namespace {

// Times are Unix seconds; flags 0/1; secrets only as SHA-256 hex digests, except the TOTP key,
// which verification needs (hex of the raw key).
constexpr std::string_view kTables = R"sql(
CREATE TABLE organisations (
  id {{id}},
  ods_code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  roles TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE agencies (
  agent_org_id BIGINT NOT NULL REFERENCES organisations (id),
  provider_org_id BIGINT NOT NULL REFERENCES organisations (id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (agent_org_id, provider_org_id)
);
CREATE TABLE users (
  id {{id}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  password_hash TEXT NOT NULL,
  totp_key TEXT NOT NULL,
  totp_last_step BIGINT NOT NULL DEFAULT 0,
  is_operator BIGINT NOT NULL DEFAULT 0,
  disabled BIGINT NOT NULL DEFAULT 0,
  failed_sign_ins BIGINT NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE TABLE sessions (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE access_requests (
  id {{id}},
  user_id BIGINT NOT NULL REFERENCES users (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  dataset TEXT NOT NULL,
  role TEXT NOT NULL,
  purpose TEXT NOT NULL,
  state TEXT NOT NULL,
  requested_at BIGINT NOT NULL,
  decided_at BIGINT,
  decided_by TEXT,
  decision_note TEXT
);
CREATE INDEX access_requests_org ON access_requests (org_id, state);
CREATE TABLE grants (
  id {{id}},
  user_id BIGINT NOT NULL REFERENCES users (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  dataset TEXT NOT NULL,
  role TEXT NOT NULL,
  granted_at BIGINT NOT NULL,
  granted_by TEXT NOT NULL,
  request_id BIGINT REFERENCES access_requests (id),
  revoked_at BIGINT,
  revoked_by TEXT,
  revoke_note TEXT
);
CREATE INDEX grants_user_org ON grants (user_id, org_id);
CREATE INDEX grants_org ON grants (org_id);
CREATE TABLE api_tokens (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  dataset TEXT NOT NULL,
  label TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  event TEXT NOT NULL,
  user_id BIGINT,
  actor TEXT,
  org TEXT,
  dataset TEXT,
  detail TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
)sql";

// The audit log refuses updates and deletes from the service's own connections. Someone with the
// rights to drop these triggers can still tamper, which VerifyAuditChain then detects.
constexpr std::string_view kAuditAppendOnlySqlite = R"sql(
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql";

constexpr std::string_view kAuditAppendOnlyPostgres = R"sql(
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
)sql";

constexpr store::Migration kMigrations[] = {
    {1, "organisations, people, access and audit", kTables},
    {2, "audit log is append-only", kAuditAppendOnlySqlite, kAuditAppendOnlyPostgres},
};

}  // namespace

std::span<const store::Migration> AccountMigrations() { return kMigrations; }

}  // namespace mhds::account::internal
