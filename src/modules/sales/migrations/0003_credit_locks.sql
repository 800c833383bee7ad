-- One row per partner whose credit was checked. Confirming an order and invoicing one take
-- the partner's row lock before reading its exposure, so two confirmations for one customer
-- check the credit limit one after the other and cannot both pass on the same headroom.
-- `checks` counts the locks taken (an upsert is what holds the lock on both engines).
CREATE TABLE sales_credit_locks (
  company_id BIGINT NOT NULL,
  partner_id BIGINT NOT NULL,
  checks BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (company_id, partner_id)
);
