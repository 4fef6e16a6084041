-- Issue 16, ticket log: the stream (stdout/stderr) and time of each piece of a host's output. The log text stays
-- plain (the COC API's message); the marks say which stream and when, piece by piece.
ALTER TABLE execution_log_chunks ADD COLUMN stream text NOT NULL DEFAULT 'stdout';
ALTER TABLE execution_log_chunks ADD COLUMN at timestamptz NOT NULL DEFAULT now();
-- [[length in UTF-16 code units, 'stdout' | 'stderr', epoch ms], …] covering execution_instances.log in order.
ALTER TABLE execution_instances ADD COLUMN log_marks jsonb NOT NULL DEFAULT '[]'::jsonb;
