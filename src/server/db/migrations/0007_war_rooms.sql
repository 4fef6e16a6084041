CREATE TABLE war_rooms (
  id text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  war_room_num text NOT NULL UNIQUE,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  incident_id integer NOT NULL REFERENCES incidents(id),
  admin text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'closed')),
  source text NOT NULL,
  region_codes text[] NOT NULL DEFAULT '{}',
  region_names text[] NOT NULL DEFAULT '{}',
  application_ids text[] NOT NULL DEFAULT '{}',
  application_names text[] NOT NULL DEFAULT '{}',
  participants text[] NOT NULL DEFAULT '{}',
  recover_leader text[] NOT NULL DEFAULT '{}',
  recover_member text[] NOT NULL DEFAULT '{}',
  schedule_group jsonb NOT NULL DEFAULT '[]',
  notification_type text,
  enterprise_project_id text NOT NULL,
  circular_level text NOT NULL,
  occur_time timestamptz,
  recover_time timestamptz,
  first_report_time timestamptz,
  recovery_notification_time timestamptz,
  fault_cause text,
  fault_impact text,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE INDEX war_rooms_tenant_created_idx ON war_rooms (tenant_id, created_at DESC);
-- One running war room per incident.
CREATE UNIQUE INDEX war_rooms_running_incident_idx ON war_rooms (incident_id) WHERE status = 'running';

CREATE TABLE war_room_events (
  id serial PRIMARY KEY,
  war_room_id text NOT NULL REFERENCES war_rooms(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('note', 'status', 'member', 'report')),
  text text NOT NULL
);
CREATE INDEX war_room_events_room_idx ON war_room_events (war_room_id, at);
