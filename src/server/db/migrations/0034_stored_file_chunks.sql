-- The file library's bytes move from DATA_DIR/files on one machine into PostgreSQL, so every replica on every
-- machine serves every file (an agent's download may land on any of them). A file is stored as 256 KiB chunks
-- under its storage key; chunks are written before the stored_files row (the row needs the SHA-256 of the whole
-- upload), so there is no foreign key: an upload whose replica died leaves chunks without a row, which
-- retention deletes after a day. Uploads are rarely compressible and already hashed: no TOAST compression.
CREATE TABLE stored_file_chunks (
  storage_key text NOT NULL,
  seq integer NOT NULL,
  data bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (storage_key, seq)
);
ALTER TABLE stored_file_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE INDEX stored_file_chunks_created ON stored_file_chunks (created_at);
