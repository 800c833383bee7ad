-- A partner's balance at a date (credit checks, the customer 360) reads its lines on one
-- account within the date's period: index them by partner, account and date, so the read
-- touches that partner's lines of that period only, not every partner's lines of the account.
-- The new index starts with the old one's columns, which it replaces.
DROP INDEX accounting_lines_partner;
CREATE INDEX accounting_lines_partner ON accounting_entry_lines (company_id, partner_id, account_id, date);
