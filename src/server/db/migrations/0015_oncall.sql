-- On-call (issue 15): schedules with rotations and overrides, escalation policies, the paging of incidents,
-- each user's notification channels, and subscriptions to tickets.

CREATE TABLE oncall_schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  time_zone text NOT NULL,
  rotation text NOT NULL CHECK (rotation IN ('daily', 'weekly')),
  handoff_time text NOT NULL,
  start_date text NOT NULL,
  -- User ids in rotation order (a user may appear more than once).
  member_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX oncall_schedules_name_idx ON oncall_schedules (tenant_id, name);

CREATE TABLE oncall_overrides (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  schedule_id uuid NOT NULL REFERENCES oncall_schedules(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oncall_overrides_schedule_idx ON oncall_overrides (schedule_id, ends_at);
CREATE INDEX oncall_overrides_user_idx ON oncall_overrides (user_id);

-- Levels (steps) are [{ "timeoutSec": n, "targets": [{ "type": "schedule"|"user", "id": uuid }] }].
CREATE TABLE escalation_policies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  -- Applications (incident current_cloud_service) and incident levels it covers; empty = all.
  application_ids text[] NOT NULL DEFAULT '{}',
  incident_levels text[] NOT NULL DEFAULT '{}',
  -- Levels that escalate until acknowledged; the others notify the first step only.
  escalate_levels text[] NOT NULL DEFAULT '{level_10,level_20}',
  repeat_count integer NOT NULL DEFAULT 0,
  steps jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX escalation_policies_name_idx ON escalation_policies (tenant_id, name);

-- One paging per incident: the step reached and whether someone acknowledged it.
CREATE TABLE incident_pages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  incident_id integer NOT NULL UNIQUE REFERENCES incidents(id) ON DELETE CASCADE,
  policy_id uuid REFERENCES escalation_policies(id) ON DELETE SET NULL,
  step integer NOT NULL DEFAULT 0,
  status text NOT NULL CHECK (status IN ('paging', 'notified', 'acknowledged', 'exhausted', 'unrouted')),
  acknowledged_by text,
  acknowledged_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_pages_policy_idx ON incident_pages (policy_id);

-- A user's own channels (e-mail address, chat webhook); target and secret sealed with the master key.
CREATE TABLE notification_channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('email', 'dingtalk', 'welink', 'wecom', 'lark', 'slack', 'generic')),
  name text NOT NULL,
  sealed_target text NOT NULL,
  sealed_secret text,
  -- 'high' (P1/P2 pages) and/or 'low' (other pages, tickets, reviews).
  urgencies text[] NOT NULL DEFAULT '{high,low}',
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_channels_user_idx ON notification_channels (user_id);

-- Who else hears about a ticket (its creator always does).
CREATE TABLE ticket_subscriptions (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  order_uuid text NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_uuid, user_id)
);
CREATE INDEX ticket_subscriptions_user_idx ON ticket_subscriptions (user_id);

-- Deliveries over a user's own channel name it (review requests use the configured protocol webhooks).
ALTER TABLE notification_deliveries
  ADD COLUMN channel_id uuid REFERENCES notification_channels(id) ON DELETE SET NULL;
CREATE INDEX notification_deliveries_channel_idx ON notification_deliveries (channel_id);
CREATE INDEX notification_deliveries_target_idx ON notification_deliveries (target_type, target_id);
