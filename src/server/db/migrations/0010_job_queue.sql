-- Durable background work (graphile-worker, schema graphile_worker, installed by its own migrator) and retention.

-- Notifications sent by the job queue, one row per message and channel: what was sent, what is being retried
-- and what failed for good stays visible. Text and link are sealed with the master key: a review link is a
-- single-use credential and must not sit in the database readable.
CREATE TABLE notification_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  kind text NOT NULL,
  channel text NOT NULL,
  recipient text NOT NULL,
  recipient_email text,
  subject text NOT NULL,
  sealed_body text NOT NULL,
  requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
  target_type text NOT NULL,
  target_id text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'retrying', 'sent', 'skipped', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_deliveries_tenant_idx ON notification_deliveries (tenant_id, created_at DESC);
CREATE INDEX notification_deliveries_created_idx ON notification_deliveries (created_at);

-- Progress time of a scan order: an order that stops progressing (its replica died) is closed by the sweeper.
ALTER TABLE patch_scan_orders ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX patch_scan_orders_running_idx ON patch_scan_orders (updated_at) WHERE status = 'running';

-- Retention: when a ticket's host log was purged; and the indexes the batched purges walk.
ALTER TABLE execution_instances ADD COLUMN log_purged_at timestamptz;
CREATE INDEX execution_orders_finished_idx ON execution_orders (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX alarms_last_at_idx ON alarms (last_at);
CREATE INDEX audit_at_idx ON audit_log (at);
CREATE INDEX inbox_created_idx ON inbox_messages (created_at);
