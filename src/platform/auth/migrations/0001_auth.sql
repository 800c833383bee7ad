-- Identity and access (see keel/auth/auth_api.h). Instants are keel::format_instant text,
-- which sorts chronologically; the throttle window uses microseconds for arithmetic.

-- A company is the unit of data ownership (a tenant).
CREATE TABLE auth_companies (
  id {{id}},
  name TEXT NOT NULL UNIQUE,
  currency TEXT NOT NULL,
  country TEXT NOT NULL,
  calendar TEXT NOT NULL CHECK (calendar IN ('gregorian', 'persian')),
  language TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Emails are stored lower-cased and are unique in the whole deployment, so that a login
-- names exactly one user without asking for a company.
CREATE TABLE auth_users (
  id {{id}},
  company_id BIGINT NOT NULL REFERENCES auth_companies (id),
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  language TEXT NOT NULL,
  preferences_json TEXT NOT NULL,
  disabled INTEGER NOT NULL CHECK (disabled IN (0, 1)),
  created_at TEXT NOT NULL,
  version BIGINT NOT NULL
);
CREATE INDEX auth_users_company ON auth_users (company_id, id);

CREATE TABLE auth_roles (
  id {{id}},
  company_id BIGINT NOT NULL REFERENCES auth_companies (id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  builtin INTEGER NOT NULL CHECK (builtin IN (0, 1)),
  UNIQUE (company_id, code)
);

CREATE TABLE auth_role_grants (
  role_id BIGINT NOT NULL REFERENCES auth_roles (id),
  permission TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('own', 'all')),
  PRIMARY KEY (role_id, permission)
);

CREATE TABLE auth_user_roles (
  user_id BIGINT NOT NULL REFERENCES auth_users (id),
  role_id BIGINT NOT NULL REFERENCES auth_roles (id),
  PRIMARY KEY (user_id, role_id)
);

-- Login sessions and API tokens. Only a hash of the token is stored, so a copy of the
-- database does not let anyone log in. expires_at is NULL for API tokens (they live until
-- revoked).
CREATE TABLE auth_sessions (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES auth_users (id),
  company_id BIGINT NOT NULL REFERENCES auth_companies (id),
  kind TEXT NOT NULL CHECK (kind IN ('session', 'api_token')),
  name TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id, kind, id);

-- Failed logins per (lower-cased) email, for throttling; rows older than the window are
-- pruned when a new failure for the same email is written.
CREATE TABLE auth_login_failures (
  id {{id}},
  email TEXT NOT NULL,
  at_us BIGINT NOT NULL
);
CREATE INDEX auth_login_failures_email ON auth_login_failures (email, at_us);
