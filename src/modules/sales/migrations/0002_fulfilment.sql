-- Fulfilment: deliveries (pick, pack, ship), the invoices made from orders (down payments,
-- their deduction, credit notes of returns) and returns. See README.md "Fulfilment".
-- Quantities are BIGINT millionths of the product's unit (*_e6), amounts BIGINT minor units
-- of the order currency, dates ISO text. Moves are inventory's and invoices receivables',
-- referenced by id only.

-- A delivery: one per order at confirmation, one more per backorder. state: ready → picked →
-- packed → shipped, or cancelled. weight_e6 is kilograms.
CREATE TABLE sales_deliveries (
  id {{id}},
  company_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  partner_id BIGINT NOT NULL,
  number TEXT NOT NULL,
  year INTEGER NOT NULL,
  seq BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('ready', 'picked', 'packed', 'shipped', 'cancelled')),
  backorder_of BIGINT REFERENCES sales_deliveries (id),
  date TEXT NOT NULL,
  package_count INTEGER NOT NULL DEFAULT 0,
  weight_e6 BIGINT NOT NULL DEFAULT 0,
  carrier TEXT NOT NULL DEFAULT '',
  tracking_number TEXT NOT NULL DEFAULT '',
  shipped_date TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (company_id, number)
);
CREATE INDEX sales_deliveries_order ON sales_deliveries (order_id, id);
CREATE INDEX sales_deliveries_list ON sales_deliveries (company_id, id);
CREATE INDEX sales_deliveries_sequence ON sales_deliveries (company_id, year, seq);
CREATE INDEX sales_deliveries_backorder ON sales_deliveries (backorder_of);

-- What a delivery carries: one line per open move of an order line. quantity_e6 is what the
-- move asks for; picked_e6 what the scanner confirmed; shipped_e6 what left (the done part of
-- the move, done_move_id).
CREATE TABLE sales_delivery_lines (
  delivery_id BIGINT NOT NULL REFERENCES sales_deliveries (id),
  line_no INTEGER NOT NULL,
  order_line_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  move_id BIGINT NOT NULL,
  quantity_e6 BIGINT NOT NULL CHECK (quantity_e6 > 0),
  picked_e6 BIGINT NOT NULL DEFAULT 0 CHECK (picked_e6 >= 0),
  shipped_e6 BIGINT NOT NULL DEFAULT 0 CHECK (shipped_e6 >= 0),
  done_move_id BIGINT,
  PRIMARY KEY (delivery_id, line_no),
  CHECK (picked_e6 <= quantity_e6),
  CHECK (shipped_e6 <= picked_e6)
);
CREATE INDEX sales_delivery_lines_order_line ON sales_delivery_lines (order_line_id);

-- Picked quantities per delivery line and lot ('' for an untracked product).
CREATE TABLE sales_delivery_picks (
  delivery_id BIGINT NOT NULL REFERENCES sales_deliveries (id),
  line_no INTEGER NOT NULL,
  lot TEXT NOT NULL DEFAULT '',
  quantity_e6 BIGINT NOT NULL CHECK (quantity_e6 > 0),
  PRIMARY KEY (delivery_id, line_no, lot)
);

-- Invoices and credit notes made from an order. kind: invoice (order lines), down_payment
-- (on the customer_advance account), deduction (a credit note taking a down payment off a
-- final invoice, set off against it), refund (the credit note of a return). amount is the
-- document's total in the order currency.
CREATE TABLE sales_order_invoices (
  company_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  invoice_id BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('invoice', 'down_payment', 'deduction', 'refund')),
  amount BIGINT NOT NULL CHECK (amount > 0),
  created_at TEXT NOT NULL,
  PRIMARY KEY (order_id, invoice_id)
);
CREATE INDEX sales_order_invoices_invoice ON sales_order_invoices (company_id, invoice_id);

-- A return of shipped goods, with its credit note when one was made.
CREATE TABLE sales_returns (
  id {{id}},
  company_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  partner_id BIGINT NOT NULL,
  number TEXT NOT NULL,
  year INTEGER NOT NULL,
  seq BIGINT NOT NULL,
  date TEXT NOT NULL,
  refund INTEGER NOT NULL CHECK (refund IN (0, 1)),
  credit_note_id BIGINT,
  reason TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (company_id, number)
);
CREATE INDEX sales_returns_order ON sales_returns (order_id, id);
CREATE INDEX sales_returns_list ON sales_returns (company_id, id);
CREATE INDEX sales_returns_sequence ON sales_returns (company_id, year, seq);

-- disposition stock: back to the warehouse's stock at the cost it left with; scrap: to the
-- loss location. refunded_e6: the part of the quantity the credit note pays back.
CREATE TABLE sales_return_lines (
  return_id BIGINT NOT NULL REFERENCES sales_returns (id),
  line_no INTEGER NOT NULL,
  order_line_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  quantity_e6 BIGINT NOT NULL CHECK (quantity_e6 > 0),
  refunded_e6 BIGINT NOT NULL DEFAULT 0 CHECK (refunded_e6 >= 0),
  disposition TEXT NOT NULL CHECK (disposition IN ('stock', 'scrap')),
  move_id BIGINT NOT NULL,
  PRIMARY KEY (return_id, line_no)
);
CREATE INDEX sales_return_lines_order_line ON sales_return_lines (order_line_id);
