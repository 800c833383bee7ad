-- Daily balances, kept by post() in the posting transaction beside accounting_balances: per
-- company, day, account and transaction currency (no partner: reports sum per account, and a
-- partner key would multiply the rows of a busy receivable account by its partners of the
-- day). A report's range cut inside a period sums the days of the smaller side of the cut
-- from here instead of the journal lines. debit/credit are company currency; amount_currency
-- is the signed sum in `currency`.
CREATE TABLE accounting_daily_balances (
  company_id BIGINT NOT NULL,
  date TEXT NOT NULL,
  account_id BIGINT NOT NULL,
  currency TEXT NOT NULL,
  debit BIGINT NOT NULL DEFAULT 0,
  credit BIGINT NOT NULL DEFAULT 0,
  amount_currency BIGINT NOT NULL DEFAULT 0,
  lines_count BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (company_id, date, account_id, currency)
);

-- Aging reads only the documents and payments that can be open at its date: those open now
-- (these partial indexes) and those settled after the date (allocations by company and date).
CREATE INDEX accounting_invoices_open ON accounting_invoices (company_id) WHERE residual <> 0;
CREATE INDEX accounting_payments_unallocated ON accounting_payments (company_id)
  WHERE unallocated <> 0;
CREATE INDEX accounting_allocations_company_date ON accounting_allocations (company_id, date);

-- Existing ledgers: one row per day, account and currency of the posted lines.
INSERT INTO accounting_daily_balances (company_id, date, account_id, currency, debit, credit,
                                       amount_currency, lines_count)
SELECT company_id, date, account_id, currency, SUM(debit), SUM(credit), SUM(amount_currency),
       COUNT(*)
FROM accounting_entry_lines WHERE posted = 1
GROUP BY company_id, date, account_id, currency;
