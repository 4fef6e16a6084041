-- Issue 17 (gaps): CMDB saved host queries ("dynamic groups", BlueKing custom queries) that custom_query_id
-- names in the job API; plan runs as job API instances (status, log, callback); step instance ids of plan runs.

-- A saved host query of one business: `info` is BlueKing's create_custom_query condition (biz/set/module/host
-- conditions with $eq, $ne, $in, $nin, $regex), evaluated against the business's hosts when it is used.
CREATE TABLE cmdb_custom_queries (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  biz_id integer NOT NULL REFERENCES cmdb_businesses(id) ON DELETE CASCADE,
  name text NOT NULL,
  info jsonb NOT NULL,
  created_by text NOT NULL,
  updated_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT cmdb_custom_queries_biz_name_key UNIQUE (biz_id, name)
);
CREATE INDEX cmdb_custom_queries_tenant_idx ON cmdb_custom_queries (tenant_id, biz_id);

-- A job API instance is a ticket (kind 'ticket', order_id = the ticket's id) or a plan run (kind 'plan',
-- order_id = plan_runs.bk_instance_id, drawn from the same sequence), so the ticket foreign key goes.
ALTER TABLE bk_job_instances DROP CONSTRAINT IF EXISTS bk_job_instances_order_id_fkey;
ALTER TABLE bk_job_instances ADD COLUMN kind text NOT NULL DEFAULT 'ticket';

-- BlueKing's step_instance_id of a plan run's step: unique across tickets and runs (same sequence).
ALTER TABLE plan_run_steps ADD COLUMN bk_step_instance_id bigint NOT NULL DEFAULT nextval('execution_orders_id_seq');
CREATE UNIQUE INDEX plan_run_steps_bk_step_idx ON plan_run_steps (bk_step_instance_id);

-- A HIGH-risk plan version is reviewed through an approval (signed links to reviewers, like script reviews):
-- the approval names the plan version it decides; the plan names its open review approval.
ALTER TABLE approvals ADD COLUMN plan_id uuid;
ALTER TABLE approvals ADD COLUMN plan_version integer;
ALTER TABLE job_plans ADD COLUMN review_approval_id uuid;
