-- Issue 12, nothing lost when a replica dies: the job-queue workers of each replica with its heartbeat. A job a
-- killed replica was running (and the named queue it held, e.g. 'war-rooms') is unlocked once the replica's
-- beat is older than JOB_WORKER_DEAD_SEC, instead of after graphile-worker's 4-hour stale-lock window.
CREATE TABLE job_workers (
  worker_id text PRIMARY KEY,
  replica_id text NOT NULL,
  beat_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_workers_beat_idx ON job_workers (beat_at);
