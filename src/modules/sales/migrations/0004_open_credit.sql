-- What each confirmed order still adds to its customer's credit exposure, in the company
-- currency (minor units): the order total prorated by the untaxed amount of its lines'
-- uninvoiced quantities; 0 once the order is done or cancelled. Every command that changes it
-- (confirm, invoice, return, ship, cancel) updates the order and adds the difference to the
-- customer's `open_orders`, under the customer's credit lock, so a credit check reads one row
-- instead of every open order's lines. NULL: an order confirmed before this column existed,
-- computed from its lines when read until a command next touches it.
ALTER TABLE sales_orders ADD COLUMN open_credit BIGINT;
ALTER TABLE sales_credit_locks ADD COLUMN open_orders BIGINT NOT NULL DEFAULT 0;
