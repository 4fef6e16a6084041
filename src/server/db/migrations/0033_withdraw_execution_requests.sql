-- A waiting HIGH-risk console run can be withdrawn by its requester (or an admin): the request ends
-- `withdrawn`, and so does its approval, whose timeline records who withdrew it (`withdraw`).
ALTER TABLE execution_requests DROP CONSTRAINT execution_requests_status_check;
ALTER TABLE execution_requests ADD CONSTRAINT execution_requests_status_check
  CHECK (status IN ('waiting_approval', 'approved', 'started', 'rejected', 'timeout', 'failed', 'withdrawn'));
ALTER TABLE approvals DROP CONSTRAINT approvals_status_check;
ALTER TABLE approvals ADD CONSTRAINT approvals_status_check
  CHECK (status IN ('pending', 'approved', 'rejected', 'timeout', 'canceled', 'withdrawn'));
ALTER TABLE approval_events DROP CONSTRAINT approval_events_action_check;
ALTER TABLE approval_events ADD CONSTRAINT approval_events_action_check
  CHECK (action IN ('create', 'approve', 'reject', 'delegate', 'timeout', 'cancel', 'withdraw'));
