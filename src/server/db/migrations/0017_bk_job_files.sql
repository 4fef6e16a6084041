-- BlueKing job API and file distribution (issue 17).

-- Apps that call /api/c/compapi/v2/job/… (bk_app_code + bk_app_secret). Only a SHA-256 of the secret is kept.
CREATE TABLE bk_apps (
  id serial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  code text NOT NULL UNIQUE,
  secret_hash text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by text
);
CREATE INDEX bk_apps_tenant ON bk_apps (tenant_id);

-- A ticket started through the job API, with its bk_callback_url (delivered by the job queue on settle).
CREATE TABLE bk_job_instances (
  order_id bigint PRIMARY KEY REFERENCES execution_orders(id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  app_code text NOT NULL,
  callback_url text,
  callback_status text NOT NULL DEFAULT 'none',
  callback_error text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Uploaded (or fetched) files: the bytes live under DATA_DIR/files/<storage_key>, the metadata here.
CREATE TABLE stored_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  size bigint NOT NULL,
  sha256 text NOT NULL,
  storage_key text NOT NULL UNIQUE,
  source text NOT NULL DEFAULT 'upload',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX stored_files_tenant ON stored_files (tenant_id, created_at DESC);

-- A ticket either runs a script or pushes files (push_spec: files, target path, owner, mode).
ALTER TABLE execution_orders ADD COLUMN kind text NOT NULL DEFAULT 'script';
ALTER TABLE execution_orders ADD COLUMN push_spec jsonb;

-- Hosts are addressed by (cloud area, IP) in the job API: an IP is unique within a tenant's cloud area.
ALTER TABLE cmdb_hosts ADD COLUMN cloud_id integer NOT NULL DEFAULT 0;
UPDATE cmdb_hosts h SET inner_ip = ''
  WHERE inner_ip <> '' AND EXISTS (
    SELECT 1 FROM cmdb_hosts o
    WHERE o.tenant_id = h.tenant_id AND o.cloud_id = h.cloud_id AND o.inner_ip = h.inner_ip AND o.id < h.id);
CREATE UNIQUE INDEX cmdb_hosts_cloud_ip_uniq ON cmdb_hosts (tenant_id, cloud_id, inner_ip) WHERE inner_ip <> '';
