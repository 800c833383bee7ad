-- Bank accounts, imported statements and reconciliations (see keel/accounting/bank_api.h and
-- README.md, section Bank). Amounts are BIGINT minor units of the bank account's currency,
-- signed from the bank's side: + money in, - money out. Dates are 'YYYY-MM-DD' text.

-- A bank account links a ledger account (role bank) and the journal its counterpart entries go
-- to. account_number is an IBAN without spaces in upper case, or the bank's local number.
CREATE TABLE accounting_bank_accounts (
  id {{id}},
  company_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  account_number TEXT NOT NULL,
  currency TEXT NOT NULL,
  account_id BIGINT NOT NULL REFERENCES accounting_accounts (id),
  journal_id BIGINT NOT NULL REFERENCES accounting_journals (id),
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (company_id, account_number)
);

-- One imported file. content_hash (SHA-256 hex of the bytes) refuses the same file twice.
CREATE TABLE accounting_bank_statements (
  id {{id}},
  company_id BIGINT NOT NULL,
  bank_account_id BIGINT NOT NULL REFERENCES accounting_bank_accounts (id),
  format TEXT NOT NULL CHECK (format IN ('camt053', 'ofx', 'csv')),
  content_hash TEXT NOT NULL,
  statement_ref TEXT NOT NULL DEFAULT '',
  opening_balance BIGINT,
  closing_balance BIGINT,
  lines_count BIGINT NOT NULL,
  imported_by BIGINT NOT NULL,
  imported_at TEXT NOT NULL,
  UNIQUE (bank_account_id, content_hash)
);

-- The statement's lines. external_id is the bank's unique id of a line ('' when the format
-- has none); a line whose id the account already has is not imported again.
CREATE TABLE accounting_bank_statement_lines (
  id {{id}},
  company_id BIGINT NOT NULL,
  statement_id BIGINT NOT NULL REFERENCES accounting_bank_statements (id),
  bank_account_id BIGINT NOT NULL REFERENCES accounting_bank_accounts (id),
  line_no INTEGER NOT NULL,
  date TEXT NOT NULL,
  value_date TEXT NOT NULL DEFAULT '',
  amount BIGINT NOT NULL,
  external_id TEXT NOT NULL DEFAULT '',
  reference TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  counterparty TEXT NOT NULL DEFAULT '',
  counterparty_account TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'reconciled')),
  UNIQUE (statement_id, line_no)
);
CREATE UNIQUE INDEX accounting_bank_lines_external_id
  ON accounting_bank_statement_lines (bank_account_id, external_id) WHERE external_id <> '';
CREATE INDEX accounting_bank_lines_account_state
  ON accounting_bank_statement_lines (bank_account_id, state, date);

-- Which ledger lines a statement line is matched with; their signed amounts (debit - credit in
-- the bank account's currency) add up to the statement line's amount. A ledger line is
-- reconciled at most once (the UNIQUE constraint holds it under concurrency too).
-- created_entry_id is set when the entry was posted from the statement line (counterpart).
CREATE TABLE accounting_bank_reconciliations (
  id {{id}},
  company_id BIGINT NOT NULL,
  statement_line_id BIGINT NOT NULL REFERENCES accounting_bank_statement_lines (id),
  entry_line_id BIGINT NOT NULL REFERENCES accounting_entry_lines (id),
  amount BIGINT NOT NULL,
  created_entry_id BIGINT REFERENCES accounting_entries (id),
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (entry_line_id)
);
CREATE INDEX accounting_bank_reconciliations_line
  ON accounting_bank_reconciliations (statement_line_id);
