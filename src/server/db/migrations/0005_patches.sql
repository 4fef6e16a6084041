CREATE TABLE patch_baselines (
  id text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  operating_system text NOT NULL,
  description text NOT NULL DEFAULT '',
  is_default boolean NOT NULL DEFAULT false,
  rule_type text NOT NULL DEFAULT 'standard',
  rules jsonb NOT NULL,
  approved_patches text[] NOT NULL DEFAULT '{}',
  rejected_patches text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);
-- At most one default baseline per OS and tenant.
CREATE UNIQUE INDEX patch_baselines_default_idx ON patch_baselines (tenant_id, operating_system) WHERE is_default;

CREATE TABLE patch_scan_orders (
  id text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  trigger text NOT NULL CHECK (trigger IN ('manual', 'schedule')),
  status text NOT NULL CHECK (status IN ('running', 'finished')),
  created_by text NOT NULL,
  total integer NOT NULL DEFAULT 0,
  succeeded integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  errors jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX patch_scan_orders_tenant_idx ON patch_scan_orders (tenant_id, created_at DESC);

-- The latest report per node; its raw scan is kept so a baseline change can re-evaluate it.
CREATE TABLE patch_reports (
  id text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  instance_id text NOT NULL,
  name text NOT NULL,
  ip text,
  eip text,
  region text,
  "group" text,
  business text,
  operating_system text NOT NULL,
  report_scene text NOT NULL DEFAULT 'ECS',
  node_id text,
  cce_info_id text,
  baseline_id text NOT NULL,
  baseline_name text NOT NULL,
  rule_type text NOT NULL,
  status text NOT NULL CHECK (status IN ('compliant', 'non_compliant')),
  compliant_count integer NOT NULL,
  non_compliant_count integer NOT NULL,
  compliant_severity jsonb NOT NULL,
  non_compliant_severity jsonb NOT NULL,
  order_id text NOT NULL,
  job_id text NOT NULL,
  report_time timestamptz NOT NULL,
  source text NOT NULL DEFAULT 'scan',
  scan jsonb NOT NULL,
  UNIQUE (tenant_id, instance_id)
);
CREATE INDEX patch_reports_tenant_time_idx ON patch_reports (tenant_id, report_time DESC);

CREATE TABLE patch_report_items (
  report_id text NOT NULL REFERENCES patch_reports(id) ON DELETE CASCADE,
  title text NOT NULL,
  classification text NOT NULL,
  severity_level text NOT NULL,
  compliance_level text NOT NULL,
  patch_status text NOT NULL,
  installed_time timestamptz,
  PRIMARY KEY (report_id, title)
);

-- Every evaluation, for the trend chart.
CREATE TABLE patch_report_history (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  instance_id text NOT NULL,
  report_time timestamptz NOT NULL,
  status text NOT NULL,
  non_compliant_count integer NOT NULL,
  PRIMARY KEY (tenant_id, instance_id, report_time)
);

-- When the console first saw an update offered: the age for auto-approval where repositories publish no date.
CREATE TABLE patch_first_seen (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, name)
);
