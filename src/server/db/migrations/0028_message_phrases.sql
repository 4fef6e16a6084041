-- Issue 16, words in the reader's language: an inbox message keeps, beside its English title and body, the
-- phrase key and parameters they were composed from ({title:{key,params}, body?}), so the console renders it
-- in the reader's language. Rows written before this have none and show their stored text.
ALTER TABLE inbox_messages ADD COLUMN phrases jsonb;

-- The same for what a plan run and its steps say about how they ended ("continued by …", "ticket … finished").
ALTER TABLE plan_runs ADD COLUMN message_phrase jsonb;
ALTER TABLE plan_run_steps ADD COLUMN message_phrase jsonb;
