-- CMDB (BlueKing mainline business → set → module → host), applications, agent enrollment tokens.
CREATE TABLE cmdb_businesses (
  id serial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  maintainer text NOT NULL DEFAULT '',
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);
-- One default business per tenant: the landing place of newly registered agents.
CREATE UNIQUE INDEX cmdb_businesses_default_idx ON cmdb_businesses (tenant_id) WHERE is_default;

CREATE TABLE cmdb_sets (
  id serial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  biz_id integer NOT NULL REFERENCES cmdb_businesses(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  builtin boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (biz_id, name)
);

CREATE TABLE cmdb_modules (
  id serial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  biz_id integer NOT NULL REFERENCES cmdb_businesses(id) ON DELETE CASCADE,
  set_id integer NOT NULL REFERENCES cmdb_sets(id) ON DELETE CASCADE,
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'normal' CHECK (kind IN ('normal', 'idle', 'fault')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (set_id, name)
);
CREATE INDEX cmdb_modules_biz_idx ON cmdb_modules (biz_id);

CREATE TABLE cmdb_hosts (
  id serial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  -- RESTRICT: a module (and so a set or business) with hosts cannot be deleted.
  module_id integer NOT NULL REFERENCES cmdb_modules(id) ON DELETE RESTRICT,
  resource_id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
  name text NOT NULL,
  inner_ip text NOT NULL DEFAULT '',
  outer_ip text NOT NULL DEFAULT '',
  os_type text NOT NULL DEFAULT 'linux',
  os_name text NOT NULL DEFAULT '',
  arch text NOT NULL DEFAULT '',
  cloud_region text NOT NULL DEFAULT '',
  cloud_zone text NOT NULL DEFAULT '',
  tags jsonb NOT NULL DEFAULT '{}'::jsonb,
  agent_sn text UNIQUE,
  agent_status text NOT NULL DEFAULT 'none' CHECK (agent_status IN ('online', 'offline', 'none')),
  agent_version text NOT NULL DEFAULT '',
  last_seen_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cmdb_hosts_tenant_module_idx ON cmdb_hosts (tenant_id, module_id);
CREATE INDEX cmdb_hosts_status_seen_idx ON cmdb_hosts (agent_status, last_seen_at);

CREATE TABLE cmdb_apps (
  id serial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  parent_id integer REFERENCES cmdb_apps(id) ON DELETE RESTRICT,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  owner text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE TABLE cmdb_app_deps (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  app_id integer NOT NULL REFERENCES cmdb_apps(id) ON DELETE CASCADE,
  required_app_id integer NOT NULL REFERENCES cmdb_apps(id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (app_id, required_app_id),
  CHECK (app_id <> required_app_id)
);
CREATE INDEX cmdb_app_deps_required_idx ON cmdb_app_deps (required_app_id);

CREATE TABLE agent_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  token_hash text NOT NULL UNIQUE,
  description text NOT NULL,
  created_by text NOT NULL,
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
