-- Set-offs: a posted credit note (or vendor refund) applied against an open invoice (or bill)
-- of the same partner and currency (see receivables_api.h offset_credit). One row per
-- document settled, so a set-off is two rows sharing `offset_group`: `invoice_id` the
-- document this row reduces, `counterpart_id` the other one. amount is in the documents'
-- currency, cleared_company the booked company value removed from `invoice_id`, fx_company
-- the realized difference posted (signed, + gain; on the credit note's row only), entry_id
-- its entry when there is one. Aging and revaluation subtract these like allocations.
CREATE TABLE accounting_invoice_offsets (
  id {{id}},
  company_id BIGINT NOT NULL,
  offset_group BIGINT NOT NULL,
  invoice_id BIGINT NOT NULL REFERENCES accounting_invoices (id),
  counterpart_id BIGINT NOT NULL REFERENCES accounting_invoices (id),
  date TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount > 0),
  cleared_company BIGINT NOT NULL,
  fx_company BIGINT NOT NULL DEFAULT 0,
  entry_id BIGINT,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX accounting_invoice_offsets_invoice ON accounting_invoice_offsets (invoice_id, date);
