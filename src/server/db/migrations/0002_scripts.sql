-- Script library (issue 3): scripts, their revisions, reviews, signed review links, and the generic inbox.
CREATE TABLE scripts (
  id bigserial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('SHELL', 'PYTHON', 'BAT')),
  description text NOT NULL,
  content text NOT NULL,
  risk_level text NOT NULL CHECK (risk_level IN ('LOW', 'MEDIUM', 'HIGH')),
  version text NOT NULL,
  protocol text NOT NULL DEFAULT 'DEFAULT',
  params jsonb NOT NULL DEFAULT '[]',
  reviewers jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL CHECK (status IN ('PENDING_APPROVE', 'APPROVED', 'REJECTED')),
  revision integer NOT NULL DEFAULT 1,
  review_revision integer NOT NULL DEFAULT 1,
  approved_revision integer,
  creator_id uuid NOT NULL,
  creator_name text NOT NULL,
  operator_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT scripts_tenant_name_uq UNIQUE (tenant_id, name)
);
CREATE INDEX scripts_tenant_idx ON scripts (tenant_id, id);

CREATE TABLE script_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  script_id bigint NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
  revision integer NOT NULL,
  change text NOT NULL CHECK (change IN ('create', 'update', 'risk-level')),
  name text NOT NULL,
  type text NOT NULL,
  description text NOT NULL,
  content text NOT NULL,
  risk_level text NOT NULL,
  version text NOT NULL,
  params jsonb NOT NULL DEFAULT '[]',
  reviewers jsonb NOT NULL DEFAULT '[]',
  author_id uuid,
  author_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT script_versions_rev_uq UNIQUE (script_id, revision)
);

CREATE TABLE script_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  script_id bigint NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
  revision integer NOT NULL,
  reviewer_id uuid NOT NULL REFERENCES users(id),
  reviewer_name text NOT NULL,
  decision text NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'approved', 'rejected')),
  comment text NOT NULL DEFAULT '',
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT script_reviews_uq UNIQUE (script_id, revision, reviewer_id)
);

CREATE TABLE review_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id uuid NOT NULL REFERENCES script_reviews(id) ON DELETE CASCADE,
  reviewer_id uuid NOT NULL REFERENCES users(id),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE inbox_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  recipient_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  link text,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inbox_recipient_idx ON inbox_messages (recipient_id, created_at);
