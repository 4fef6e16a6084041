-- Issue 12, nothing lost when a replica dies: each host of a patch scan order is a durable job (any replica
-- runs it, again if its replica died); the hosts already counted, so a job run twice counts once.
ALTER TABLE patch_scan_orders ADD COLUMN done jsonb NOT NULL DEFAULT '[]'::jsonb;
