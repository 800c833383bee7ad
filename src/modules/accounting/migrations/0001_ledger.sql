-- The general ledger (see keel/accounting/accounting_api.h and README.md).
-- Amounts are BIGINT minor units; debit/credit columns are in the company currency;
-- amount_currency is signed (+ debit, - credit) in the line's transaction currency. Dates are
-- ISO 'YYYY-MM-DD' text (they sort), instants keel::format_instant text. Booleans are 0/1.

-- Chart of accounts: a tree per company. Summary accounts group; only postable accounts take
-- lines. An account that has ever been posted to is `used` and can only be archived.
CREATE TABLE accounting_accounts (
  id {{id}},
  company_id BIGINT NOT NULL,
  code TEXT NOT NULL,
  parent_id BIGINT REFERENCES accounting_accounts (id),
  type TEXT NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense')),
  role TEXT NOT NULL DEFAULT '',
  postable INTEGER NOT NULL CHECK (postable IN (0, 1)),
  currency TEXT NOT NULL DEFAULT '',
  names_json TEXT NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  UNIQUE (company_id, code)
);
CREATE INDEX accounting_accounts_role ON accounting_accounts (company_id, role);

CREATE TABLE accounting_journals (
  id {{id}},
  company_id BIGINT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('sales', 'purchase', 'bank', 'cash', 'general')),
  default_account_id BIGINT REFERENCES accounting_accounts (id),
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at TEXT NOT NULL,
  UNIQUE (company_id, code)
);

-- Fiscal years and their periods are date ranges (inclusive), generated in the company's
-- calendar: a Persian year runs 1 Farvardin .. 29/30 Esfand.
CREATE TABLE accounting_fiscal_years (
  id {{id}},
  company_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  calendar TEXT NOT NULL CHECK (calendar IN ('gregorian', 'persian')),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  closing_entry_id BIGINT,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (company_id, start_date)
);

CREATE TABLE accounting_periods (
  id {{id}},
  company_id BIGINT NOT NULL,
  fiscal_year_id BIGINT NOT NULL REFERENCES accounting_fiscal_years (id),
  number INTEGER NOT NULL,
  name TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  UNIQUE (fiscal_year_id, number)
);
CREATE INDEX accounting_periods_dates ON accounting_periods (company_id, start_date);

-- Lock dates: no posting on or before lock_all_until (everyone), or on or before
-- lock_users_until for users without accounting.period.post_locked (advisers).
CREATE TABLE accounting_locks (
  company_id BIGINT PRIMARY KEY,
  lock_all_until TEXT NOT NULL DEFAULT '',
  lock_users_until TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1
);

-- Journal entries. A draft has no number; posting gives it the next gap-free number of its
-- journal and fiscal year and chains its hash to the previous posted entry of that journal
-- and year. Posted entries are never updated except `reversed_by`.
CREATE TABLE accounting_entries (
  id {{id}},
  company_id BIGINT NOT NULL,
  journal_id BIGINT NOT NULL REFERENCES accounting_journals (id),
  state TEXT NOT NULL CHECK (state IN ('draft', 'posted')),
  kind TEXT NOT NULL DEFAULT 'normal'
    CHECK (kind IN ('normal', 'reversal', 'closing', 'revaluation', 'opening')),
  date TEXT NOT NULL,
  fiscal_year_id BIGINT REFERENCES accounting_fiscal_years (id),
  period_id BIGINT REFERENCES accounting_periods (id),
  sequence BIGINT,
  number TEXT,
  memo TEXT NOT NULL DEFAULT '',
  reference TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL DEFAULT '',
  reversal_of BIGINT REFERENCES accounting_entries (id),
  reversed_by BIGINT REFERENCES accounting_entries (id),
  previous_hash TEXT NOT NULL DEFAULT '',
  hash TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  posted_by BIGINT,
  posted_at TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (journal_id, fiscal_year_id, sequence)
);
CREATE INDEX accounting_entries_company_date ON accounting_entries (company_id, date);
CREATE INDEX accounting_entries_origin ON accounting_entries (company_id, origin);

CREATE TABLE accounting_entry_lines (
  id {{id}},
  entry_id BIGINT NOT NULL REFERENCES accounting_entries (id),
  company_id BIGINT NOT NULL,
  line_no INTEGER NOT NULL,
  account_id BIGINT NOT NULL REFERENCES accounting_accounts (id),
  partner_id BIGINT NOT NULL DEFAULT 0,
  label TEXT NOT NULL DEFAULT '',
  debit BIGINT NOT NULL DEFAULT 0 CHECK (debit >= 0),
  credit BIGINT NOT NULL DEFAULT 0 CHECK (credit >= 0),
  currency TEXT NOT NULL,
  amount_currency BIGINT NOT NULL,
  rate TEXT NOT NULL DEFAULT '',
  analytic TEXT NOT NULL DEFAULT '',
  date TEXT NOT NULL,
  period_id BIGINT,
  posted INTEGER NOT NULL DEFAULT 0 CHECK (posted IN (0, 1)),
  CHECK (debit = 0 OR credit = 0),
  UNIQUE (entry_id, line_no)
);
CREATE INDEX accounting_lines_account_date ON accounting_entry_lines (account_id, date);
CREATE INDEX accounting_lines_partner ON accounting_entry_lines (company_id, partner_id, account_id);

-- One row per journal and fiscal year: the next number and the hash of the last posted entry.
-- Posting takes only this row's lock, so posting in one journal never waits for another.
CREATE TABLE accounting_sequences (
  journal_id BIGINT NOT NULL,
  fiscal_year_id BIGINT NOT NULL,
  next_value BIGINT NOT NULL,
  last_hash TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (journal_id, fiscal_year_id)
);

-- Live balances, kept in the posting transaction: per account, period, transaction currency
-- and partner (0 when none). Reports read these, never all lines. debit/credit are company
-- currency; amount_currency is the signed balance in `currency`.
CREATE TABLE accounting_balances (
  company_id BIGINT NOT NULL,
  account_id BIGINT NOT NULL,
  period_id BIGINT NOT NULL,
  currency TEXT NOT NULL,
  partner_id BIGINT NOT NULL DEFAULT 0,
  debit BIGINT NOT NULL DEFAULT 0,
  credit BIGINT NOT NULL DEFAULT 0,
  amount_currency BIGINT NOT NULL DEFAULT 0,
  lines_count BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, period_id, currency, partner_id)
);
CREATE INDEX accounting_balances_company_period ON accounting_balances (company_id, period_id);
CREATE INDEX accounting_balances_partner ON accounting_balances (company_id, partner_id, account_id);

-- Exchange rates by date: units of the company currency per one unit of `currency`.
CREATE TABLE accounting_rates (
  company_id BIGINT NOT NULL,
  currency TEXT NOT NULL,
  date TEXT NOT NULL,
  rate TEXT NOT NULL,
  PRIMARY KEY (company_id, currency, date)
);
