-- Issue 13: platform administrators, and the limits and caches every replica shares through PostgreSQL.

-- A platform administrator manages tenants; a tenant admin ("admin") only their own tenant.
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('platform_admin', 'admin', 'operator', 'reviewer', 'viewer'));
-- Until now every admin could act on every tenant. Only the first admin of the default tenant (the
-- bootstrap account) keeps that power; every other admin becomes an admin of their own tenant.
UPDATE users SET role = 'platform_admin'
WHERE id = (
  SELECT u.id FROM users u JOIN tenants t ON t.id = u.tenant_id
  WHERE t.name = 'default' AND u.role = 'admin'
  ORDER BY u.created_at, u.id LIMIT 1
);

-- Login attempts per user+IP and fixed window, counted before the password is checked.
CREATE TABLE login_attempts (
  key text PRIMARY KEY,
  attempts integer NOT NULL,
  reset_at timestamptz NOT NULL
);
CREATE INDEX login_attempts_reset_idx ON login_attempts (reset_at);

-- AK/SK signatures seen within the clock window: a second use of one is a replay.
CREATE TABLE aksk_signatures (
  signature text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX aksk_signatures_expires_idx ON aksk_signatures (expires_at);

-- General API rate limit: hits per client key and fixed window, shared by every replica.
CREATE TABLE api_rate_limits (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  reset_at timestamptz NOT NULL
);
CREATE INDEX api_rate_limits_reset_idx ON api_rate_limits (reset_at);
