-- The append-only audit trail (see keel/audit/audit.h). user_id 0 is the system (CLI, demo
-- data). `at` is keel::format_instant text, which sorts chronologically. There is no foreign
-- key to auth_companies: auth depends on audit, not the other way round.
CREATE TABLE audit_log (
  id {{id}},
  company_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT NOT NULL
);

-- Lists are newest first per company, optionally narrowed to one entity or one user.
CREATE INDEX audit_log_company ON audit_log (company_id, id);
CREATE INDEX audit_log_entity ON audit_log (company_id, entity, entity_id, id);
CREATE INDEX audit_log_user ON audit_log (company_id, user_id, id);
