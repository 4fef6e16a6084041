-- Issue 12, alarm ingest: the webhook answers once the call is durable here, and one folder at a time turns
-- the rows into alarms and incidents in large batches (the per-batch statements were most of an alarm's cost).
CREATE TABLE alarm_inbox (
  id bigserial PRIMARY KEY,
  item jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  received_at timestamptz NOT NULL DEFAULT now()
);
