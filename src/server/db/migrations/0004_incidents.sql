CREATE TABLE incidents (
  id serial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  incident_num text NOT NULL UNIQUE,
  title text NOT NULL,
  description text NOT NULL,
  level text NOT NULL,
  type text NOT NULL,
  source text NOT NULL,
  status text NOT NULL,
  region text,
  enterprise_project text,
  application_id text NOT NULL,
  is_service_interrupt boolean NOT NULL,
  assignee text,
  assignee_scene text NOT NULL DEFAULT '',
  assignee_role text NOT NULL DEFAULT '',
  creator text NOT NULL,
  warroom_id text,
  mtm_type text,
  cause text,
  solution text,
  handle_time timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  resolved_at timestamptz,
  completed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incidents_tenant_status_idx ON incidents (tenant_id, status, created_at DESC);

CREATE TABLE incident_timeline (
  id serial PRIMARY KEY,
  incident_id integer NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  from_status text,
  to_status text,
  fields jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX incident_timeline_incident_idx ON incident_timeline (incident_id, at);

-- Only a SHA-256 of each integration key is stored; the key itself is shown once.
CREATE TABLE integration_keys (
  id text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  level_map jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);

-- Deduplicated by (tenant, alarmId): retries and repeats update the row instead of opening incidents.
CREATE TABLE alarms (
  id serial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  alarm_id text NOT NULL,
  integration_key_id text NOT NULL,
  name text NOT NULL,
  level text NOT NULL,
  status text NOT NULL,
  source text NOT NULL,
  namespace text NOT NULL,
  region text,
  application_id text NOT NULL,
  resource_name text,
  resource_id text,
  description text NOT NULL,
  url text,
  additional jsonb,
  occurred_at timestamptz NOT NULL,
  first_at timestamptz NOT NULL DEFAULT now(),
  last_at timestamptz NOT NULL DEFAULT now(),
  recovered_at timestamptz,
  received_count integer NOT NULL DEFAULT 1,
  incident_id integer REFERENCES incidents(id) ON DELETE SET NULL,
  UNIQUE (tenant_id, alarm_id)
);
