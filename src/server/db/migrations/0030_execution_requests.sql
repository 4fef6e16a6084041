-- Issue 17, approvals: a console run of a HIGH-risk script by someone who is not an admin waits for an approval.
-- The request is kept here until the approval settles: the script revision the approvers saw, the parameters
-- (sensitive values sealed, as plan runs keep theirs), batches and options. The ticket is created only when
-- the approval is approved; a reject or timeout ends the request with nothing run.
CREATE TABLE execution_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  approval_id uuid NOT NULL UNIQUE,
  script_uuid text NOT NULL,
  script_name text NOT NULL,
  script_revision integer NOT NULL,
  -- The COC body without its parameters: {execute_param (no script_params), execute_batches}.
  body jsonb NOT NULL,
  -- The script's parameters in order with the given values; sensitive ones sealed with the keyring.
  params jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL CHECK (status IN ('waiting_approval', 'approved', 'started', 'rejected', 'timeout', 'failed')),
  execute_uuid text,
  message text NOT NULL DEFAULT '',
  creator_id uuid,
  creator_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz
);
CREATE INDEX execution_requests_tenant_idx ON execution_requests (tenant_id, created_at DESC);
