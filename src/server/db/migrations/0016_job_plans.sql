-- Job plans (bk-job job templates), their runs with steps, approvals and schedules (issue 17).
CREATE TABLE job_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- BlueKing's integer bk_job_id (get_job_list, execute_job …).
  bk_job_id bigserial NOT NULL UNIQUE,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  status text NOT NULL CHECK (status IN ('active', 'pending_review', 'rejected')),
  -- The current version's definition (description, hosts, variables, steps); sensitive defaults sealed.
  definition jsonb NOT NULL,
  -- The last version that passed review (runs use it while a newer one waits); null before any.
  approved_version integer,
  creator_id uuid,
  creator_name text NOT NULL,
  updated_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);
CREATE INDEX job_plans_tenant_updated_idx ON job_plans (tenant_id, updated_at DESC);

CREATE TABLE job_plan_versions (
  plan_id uuid NOT NULL REFERENCES job_plans(id) ON DELETE CASCADE,
  version integer NOT NULL,
  definition jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (plan_id, version)
);

CREATE TABLE plan_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- BlueKing's job_instance_id of a run started by execute_job: drawn from the tickets' sequence, so it never
  -- names a ticket too.
  bk_instance_id bigint NOT NULL UNIQUE DEFAULT nextval('execution_orders_id_seq'),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  plan_id uuid NOT NULL REFERENCES job_plans(id) ON DELETE CASCADE,
  plan_name text NOT NULL,
  plan_version integer NOT NULL,
  -- The definition that runs, frozen at start.
  definition jsonb NOT NULL,
  -- Variable values; sensitive ones sealed with the keyring.
  variables jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('waiting_approval', 'running', 'waiting', 'finished', 'failed', 'canceled', 'rejected')),
  current_step integer NOT NULL DEFAULT 0,
  message text NOT NULL DEFAULT '',
  approval_id uuid,
  schedule_id uuid,
  creator_id uuid,
  creator_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_runs_tenant_idx ON plan_runs (tenant_id, created_at DESC);
CREATE INDEX plan_runs_live_idx ON plan_runs (status) WHERE status IN ('waiting_approval', 'running', 'waiting');

CREATE TABLE plan_run_steps (
  run_id uuid NOT NULL REFERENCES plan_runs(id) ON DELETE CASCADE,
  step_index integer NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('script', 'confirm', 'approval', 'file')),
  status text NOT NULL CHECK (status IN ('pending', 'running', 'waiting', 'finished', 'failed', 'ignored', 'canceled')),
  execute_uuid text,
  approval_id uuid,
  message text NOT NULL DEFAULT '',
  actor text,
  started_at timestamptz,
  finished_at timestamptz,
  PRIMARY KEY (run_id, step_index)
);
CREATE UNIQUE INDEX plan_run_steps_ticket_idx ON plan_run_steps (execute_uuid);

CREATE TABLE approvals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  title text NOT NULL,
  request text NOT NULL,
  risk text NOT NULL CHECK (risk IN ('LOW', 'MEDIUM', 'HIGH')),
  targets jsonb NOT NULL DEFAULT '[]',
  content_diff text NOT NULL DEFAULT '',
  rollback text NOT NULL DEFAULT '',
  -- {users: [username], roles: [role]}
  approvers jsonb NOT NULL,
  mode text NOT NULL CHECK (mode IN ('any', 'all')),
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'timeout', 'canceled')),
  run_id uuid,
  requester_id uuid,
  requester text NOT NULL,
  timeout_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz
);
CREATE INDEX approvals_tenant_idx ON approvals (tenant_id, created_at DESC);

CREATE TABLE approval_events (
  id bigserial PRIMARY KEY,
  approval_id uuid NOT NULL REFERENCES approvals(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor text NOT NULL,
  -- The actor's role when they acted ('all' mode counts roles), and for a delegate's vote whose turn it was.
  actor_role text,
  on_behalf_of text,
  on_behalf_role text,
  action text NOT NULL CHECK (action IN ('create', 'approve', 'reject', 'delegate', 'timeout', 'cancel')),
  remark text NOT NULL DEFAULT '',
  target text
);
CREATE INDEX approval_events_approval_idx ON approval_events (approval_id, id);

-- Signed approval links: single-use, bound to one approver.
CREATE TABLE approval_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  approval_id uuid NOT NULL REFERENCES approvals(id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX approval_links_approval_idx ON approval_links (approval_id);

CREATE TABLE plan_schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- BlueKing's integer cron_id (save_cron, get_cron_list, update_cron_status).
  bk_cron_id bigserial NOT NULL UNIQUE,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  plan_id uuid NOT NULL REFERENCES job_plans(id) ON DELETE CASCADE,
  name text NOT NULL,
  expression text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('quartz', 'cron')),
  time_zone text NOT NULL,
  catch_up text NOT NULL CHECK (catch_up IN ('skip', 'run_once')),
  enabled boolean NOT NULL DEFAULT false,
  variables jsonb NOT NULL DEFAULT '{}',
  -- Bumped on every change: a queued fire of an older generation does nothing.
  generation integer NOT NULL DEFAULT 1,
  next_fire_at timestamptz,
  last_fire_at timestamptz,
  creator_id uuid,
  creator_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_schedules_tenant_idx ON plan_schedules (tenant_id, created_at DESC);

-- One row per slot: the unique key is what makes a fire run once across replicas.
CREATE TABLE schedule_fires (
  id bigserial PRIMARY KEY,
  schedule_id uuid NOT NULL REFERENCES plan_schedules(id) ON DELETE CASCADE,
  slot_at timestamptz NOT NULL,
  fired_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL CHECK (status IN ('fired', 'missed', 'caught_up', 'failed')),
  run_id uuid,
  message text NOT NULL DEFAULT '',
  UNIQUE (schedule_id, slot_at)
);
