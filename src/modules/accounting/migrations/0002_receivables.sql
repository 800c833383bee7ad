-- Receivables and payables, taxes, payment terms (see keel/accounting/receivables_api.h and
-- README.md "Receivables and payables"). Documents only: every ledger effect goes through
-- accounting::post(), which owns accounting_entries/lines/balances. Amounts are BIGINT minor
-- units of the column's currency; rates are the text of keel::Rate; dates ISO text.

-- How a company rounds taxes: per line (each line's tax rounded, then summed) or per
-- document (bases summed per tax, rounded once).
CREATE TABLE accounting_tax_settings (
  company_id BIGINT PRIMARY KEY,
  rounding TEXT NOT NULL CHECK (rounding IN ('per_line', 'per_document')),
  version BIGINT NOT NULL DEFAULT 1
);

-- A tax: a percentage (rate = the Rate text, e.g. "0.19") or a fixed amount per unit of
-- quantity (amount, in `currency`). price_included: the line price already contains it.
CREATE TABLE accounting_taxes (
  id {{id}},
  company_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('percent', 'fixed')),
  rate TEXT NOT NULL DEFAULT '',
  amount BIGINT NOT NULL DEFAULT 0,
  currency TEXT NOT NULL DEFAULT '',
  price_included INTEGER NOT NULL CHECK (price_included IN (0, 1)),
  scope TEXT NOT NULL CHECK (scope IN ('sales', 'purchase')),
  account_role TEXT NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at TEXT NOT NULL,
  UNIQUE (company_id, name)
);

-- Payment terms: installments (percent of the total due after `days`), and an optional
-- early-payment discount (discount_rate of the total when settled within discount_days).
CREATE TABLE accounting_payment_terms (
  id {{id}},
  company_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  discount_rate TEXT NOT NULL DEFAULT '',
  discount_days INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  UNIQUE (company_id, name)
);

CREATE TABLE accounting_payment_term_lines (
  term_id BIGINT NOT NULL REFERENCES accounting_payment_terms (id),
  seq INTEGER NOT NULL,
  rate TEXT NOT NULL,
  days INTEGER NOT NULL,
  PRIMARY KEY (term_id, seq)
);

-- Invoices, credit notes, vendor bills and refunds. Totals are in the invoice currency;
-- *_company in the company currency at `rate` (the rate of the invoice date). residual is
-- what is still open in the invoice currency, residual_company its booked company value.
CREATE TABLE accounting_invoices (
  id {{id}},
  company_id BIGINT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('out_invoice', 'out_refund', 'in_invoice', 'in_refund')),
  state TEXT NOT NULL
    CHECK (state IN ('draft', 'posted', 'partially_paid', 'paid', 'cancelled')),
  partner_id BIGINT NOT NULL,
  date TEXT NOT NULL,
  due_date TEXT NOT NULL,
  currency TEXT NOT NULL,
  rate TEXT NOT NULL DEFAULT '',
  payment_term_id BIGINT REFERENCES accounting_payment_terms (id),
  origin TEXT NOT NULL DEFAULT '',
  reference TEXT NOT NULL DEFAULT '',
  number TEXT,
  untaxed BIGINT NOT NULL DEFAULT 0,
  tax BIGINT NOT NULL DEFAULT 0,
  total BIGINT NOT NULL DEFAULT 0,
  total_company BIGINT NOT NULL DEFAULT 0,
  residual BIGINT NOT NULL DEFAULT 0,
  residual_company BIGINT NOT NULL DEFAULT 0,
  discount_amount BIGINT NOT NULL DEFAULT 0,
  discount_until TEXT NOT NULL DEFAULT '',
  entry_id BIGINT,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  posted_at TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (company_id, number)
);
CREATE INDEX accounting_invoices_list ON accounting_invoices (company_id, id);
CREATE INDEX accounting_invoices_partner ON accounting_invoices (company_id, partner_id, date);

CREATE TABLE accounting_invoice_lines (
  invoice_id BIGINT NOT NULL REFERENCES accounting_invoices (id),
  line_no INTEGER NOT NULL,
  description TEXT NOT NULL,
  quantity_e6 BIGINT NOT NULL,
  unit_price_e6 BIGINT NOT NULL,
  discount_rate TEXT NOT NULL DEFAULT '',
  account_id BIGINT NOT NULL,
  tax_ids TEXT NOT NULL DEFAULT '',
  untaxed BIGINT NOT NULL,
  PRIMARY KEY (invoice_id, line_no)
);

-- Per invoice and tax: the base and the tax, in invoice and company currency (the tax report
-- reads these, from posted documents).
CREATE TABLE accounting_invoice_taxes (
  invoice_id BIGINT NOT NULL REFERENCES accounting_invoices (id),
  tax_id BIGINT NOT NULL REFERENCES accounting_taxes (id),
  base BIGINT NOT NULL,
  amount BIGINT NOT NULL,
  base_company BIGINT NOT NULL DEFAULT 0,
  amount_company BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (invoice_id, tax_id)
);

CREATE TABLE accounting_invoice_installments (
  invoice_id BIGINT NOT NULL REFERENCES accounting_invoices (id),
  seq INTEGER NOT NULL,
  due_date TEXT NOT NULL,
  amount BIGINT NOT NULL,
  PRIMARY KEY (invoice_id, seq)
);

-- Gap-free invoice numbers per company, type and year: the row is taken in the posting
-- transaction, so a rolled-back posting gives its number back.
CREATE TABLE accounting_invoice_sequences (
  company_id BIGINT NOT NULL,
  type TEXT NOT NULL,
  year INTEGER NOT NULL,
  next_value BIGINT NOT NULL,
  PRIMARY KEY (company_id, type, year)
);

-- Customer receipts (inbound) and vendor payments (outbound) into a bank or cash journal.
-- unallocated: what no invoice uses yet (a credit on the partner, in `currency`).
CREATE TABLE accounting_payments (
  id {{id}},
  company_id BIGINT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  partner_type TEXT NOT NULL CHECK (partner_type IN ('customer', 'supplier')),
  partner_id BIGINT NOT NULL,
  date TEXT NOT NULL,
  journal_id BIGINT NOT NULL,
  currency TEXT NOT NULL,
  rate TEXT NOT NULL DEFAULT '',
  amount BIGINT NOT NULL CHECK (amount > 0),
  amount_company BIGINT NOT NULL,
  unallocated BIGINT NOT NULL,
  unallocated_company BIGINT NOT NULL,
  reference TEXT NOT NULL DEFAULT '',
  entry_id BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX accounting_payments_partner ON accounting_payments (company_id, partner_id, date);

-- A payment (or part of one) applied to an invoice. amount + discount settle the invoice;
-- fx_company is the realized difference posted (signed, + gain), entry_id its entry if any.
CREATE TABLE accounting_allocations (
  id {{id}},
  company_id BIGINT NOT NULL,
  payment_id BIGINT NOT NULL REFERENCES accounting_payments (id),
  invoice_id BIGINT NOT NULL REFERENCES accounting_invoices (id),
  date TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount >= 0),
  discount BIGINT NOT NULL DEFAULT 0,
  cleared_company BIGINT NOT NULL,
  fx_company BIGINT NOT NULL DEFAULT 0,
  entry_id BIGINT,
  created_at TEXT NOT NULL
);
CREATE INDEX accounting_allocations_invoice ON accounting_allocations (invoice_id, date);
CREATE INDEX accounting_allocations_payment ON accounting_allocations (payment_id, date);

-- Period-end revaluations of open foreign documents and their reversal the next day.
CREATE TABLE accounting_revaluations (
  id {{id}},
  company_id BIGINT NOT NULL,
  date TEXT NOT NULL,
  entry_id BIGINT,
  reversal_entry_id BIGINT,
  created_at TEXT NOT NULL,
  UNIQUE (company_id, date)
);
