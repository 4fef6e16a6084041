-- Per-agent credentials (issue 13 item 1): the first hello of a new agent_sn mints a secret; only its
-- SHA-256 is stored. An enrolled agent_sn connects only with its own secret; a revoked one is refused.
CREATE TABLE agent_credentials (
  agent_sn text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  secret_hash text NOT NULL UNIQUE,
  -- The enrollment token it enrolled with (null once that token is deleted).
  enrolled_with uuid REFERENCES agent_tokens(id) ON DELETE SET NULL,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by text
);
CREATE INDEX agent_credentials_tenant ON agent_credentials (tenant_id);
