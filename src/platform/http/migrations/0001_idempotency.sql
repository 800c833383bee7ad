-- Responses to POST commands sent with an Idempotency-Key, stored in the same transaction as
-- the command, so that a retried request is answered from here instead of running twice.
-- status = 0 marks a key claimed by a transaction that has not finished its handler yet; no
-- other transaction ever sees such a row, because it is updated before commit.
CREATE TABLE http_idempotency (
  company_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  headers_json TEXT NOT NULL,
  body TEXT NOT NULL,
  body_base64 INTEGER NOT NULL,
  created_at_us BIGINT NOT NULL,
  PRIMARY KEY (company_id, user_id, idempotency_key)
);

CREATE INDEX http_idempotency_created_at ON http_idempotency (created_at_us);
