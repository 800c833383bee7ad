-- Orders part: document numbering, price lists, configurators, discount settings, quotes and
-- sales orders. See README.md "Orders". Quantities and prices are BIGINT millionths (*_e6),
-- amounts BIGINT minor units of the document currency, percentages decimal text, dates ISO
-- text. Products, moves and warehouses are inventory's, taxes receivables', by id only.

-- Gap-free numbering: one row per company, document type (SQ, SO, DO, RT, DP) and year; a
-- number is taken by a conditional UPDATE of last_value, which holds the row lock until commit.
CREATE TABLE sales_sequences (
  company_id BIGINT NOT NULL,
  type TEXT NOT NULL,
  year INTEGER NOT NULL,
  last_value BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (company_id, type, year)
);

-- Price lists: per currency, optionally for a customer group (the group of a partner is its
-- row in sales_partner_pricelists, which names the list directly).
CREATE TABLE sales_pricelists (
  id {{id}},
  company_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  currency TEXT NOT NULL,
  customer_group TEXT,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX sales_pricelists_company ON sales_pricelists (company_id, id);

-- One rule: a product (or a category) from min_quantity on, between two dates, at a fixed
-- price (price_e6) or at a percent discount off the product's list price.
CREATE TABLE sales_pricelist_items (
  id {{id}},
  pricelist_id BIGINT NOT NULL REFERENCES sales_pricelists (id),
  product_id BIGINT,
  category_id BIGINT,
  min_quantity_e6 BIGINT NOT NULL CHECK (min_quantity_e6 >= 0),
  price_e6 BIGINT CHECK (price_e6 >= 0),
  discount_percent TEXT,
  date_from TEXT,
  date_to TEXT,
  CHECK ((product_id IS NULL) <> (category_id IS NULL)),
  CHECK ((price_e6 IS NULL) <> (discount_percent IS NULL))
);
CREATE INDEX sales_pricelist_items_list ON sales_pricelist_items (pricelist_id, product_id);

-- Which price list a customer buys at.
CREATE TABLE sales_partner_pricelists (
  company_id BIGINT NOT NULL,
  partner_id BIGINT NOT NULL,
  pricelist_id BIGINT NOT NULL REFERENCES sales_pricelists (id),
  PRIMARY KEY (company_id, partner_id)
);

-- A product's configurator (groups, options, rules) as JSON text, validated on write.
CREATE TABLE sales_configurators (
  company_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  definition TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (company_id, product_id)
);

-- The maximum line discount a role may give without approval (decimal text, percent).
CREATE TABLE sales_discount_limits (
  company_id BIGINT NOT NULL,
  role TEXT NOT NULL,
  max_discount_percent TEXT NOT NULL,
  PRIMARY KEY (company_id, role)
);

-- Quotes. state: draft → (to_approve → approved) → sent → accepted | rejected | expired, or
-- cancelled before sending. number is set when sent (SQ/YYYY/NNNNN).
CREATE TABLE sales_quotes (
  id {{id}},
  company_id BIGINT NOT NULL,
  number TEXT,
  year INTEGER,
  seq BIGINT,
  partner_id BIGINT NOT NULL,
  currency TEXT NOT NULL,
  pricelist_id BIGINT,
  state TEXT NOT NULL CHECK (state IN ('draft', 'to_approve', 'approved', 'sent', 'accepted',
                                       'rejected', 'expired', 'cancelled')),
  date TEXT NOT NULL,
  valid_until TEXT,
  max_discount_percent TEXT NOT NULL DEFAULT '0',
  untaxed BIGINT NOT NULL,
  tax BIGINT NOT NULL,
  total BIGINT NOT NULL,
  optional_untaxed BIGINT NOT NULL DEFAULT 0,
  approved_by BIGINT,
  order_id BIGINT,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (company_id, number)
);
CREATE INDEX sales_quotes_list ON sales_quotes (company_id, id);
CREATE INDEX sales_quotes_partner ON sales_quotes (company_id, partner_id, id);

-- A quote line. optional lines are offered but not counted in the totals until the customer
-- picks them at acceptance (selected). configuration is JSON text of group → option.
CREATE TABLE sales_quote_lines (
  id {{id}},
  quote_id BIGINT NOT NULL REFERENCES sales_quotes (id),
  line_no INTEGER NOT NULL,
  product_id BIGINT NOT NULL,
  description TEXT NOT NULL,
  quantity_e6 BIGINT NOT NULL CHECK (quantity_e6 > 0),
  unit_price_e6 BIGINT NOT NULL CHECK (unit_price_e6 >= 0),
  price_extra_e6 BIGINT NOT NULL DEFAULT 0,
  discount_percent TEXT NOT NULL DEFAULT '0',
  tax_ids TEXT NOT NULL DEFAULT '',
  optional INTEGER NOT NULL DEFAULT 0,
  selected INTEGER NOT NULL DEFAULT 1,
  configuration TEXT,
  subtotal BIGINT NOT NULL,
  UNIQUE (quote_id, line_no)
);

-- Sales orders. state: draft → confirmed → done, or cancelled (draft or confirmed with nothing
-- delivered or invoiced). The orders part sets state draft/confirmed/cancelled and number; the
-- fulfilment part keeps delivery_status (nothing | partial | full), invoice_status (nothing |
-- to_invoice | partial | invoiced) and confirmed → done.
CREATE TABLE sales_orders (
  id {{id}},
  company_id BIGINT NOT NULL,
  number TEXT,
  year INTEGER,
  seq BIGINT,
  partner_id BIGINT NOT NULL,
  currency TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft', 'confirmed', 'done', 'cancelled')),
  quote_id BIGINT,
  warehouse_id BIGINT NOT NULL,
  date TEXT NOT NULL,
  invoice_policy TEXT NOT NULL CHECK (invoice_policy IN ('ordered', 'delivered')),
  allow_backorder INTEGER NOT NULL DEFAULT 1,
  credit_override INTEGER NOT NULL DEFAULT 0,
  delivery_status TEXT NOT NULL DEFAULT 'nothing',
  invoice_status TEXT NOT NULL DEFAULT 'nothing',
  untaxed BIGINT NOT NULL,
  tax BIGINT NOT NULL,
  total BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (company_id, number)
);
CREATE INDEX sales_orders_list ON sales_orders (company_id, id);
CREATE INDEX sales_orders_partner ON sales_orders (company_id, partner_id, state);

-- An order line. quantity_delivered_e6 / quantity_invoiced_e6 / quantity_returned_e6 are kept
-- by the fulfilment part (shipping, invoicing, returns). move_id is the line's outgoing move
-- made at confirmation (stockable products only).
CREATE TABLE sales_order_lines (
  id {{id}},
  order_id BIGINT NOT NULL REFERENCES sales_orders (id),
  line_no INTEGER NOT NULL,
  product_id BIGINT NOT NULL,
  description TEXT NOT NULL,
  quantity_e6 BIGINT NOT NULL CHECK (quantity_e6 > 0),
  unit_price_e6 BIGINT NOT NULL CHECK (unit_price_e6 >= 0),
  discount_percent TEXT NOT NULL DEFAULT '0',
  tax_ids TEXT NOT NULL DEFAULT '',
  subtotal BIGINT NOT NULL,
  move_id BIGINT,
  quantity_delivered_e6 BIGINT NOT NULL DEFAULT 0 CHECK (quantity_delivered_e6 >= 0),
  quantity_invoiced_e6 BIGINT NOT NULL DEFAULT 0 CHECK (quantity_invoiced_e6 >= 0),
  quantity_returned_e6 BIGINT NOT NULL DEFAULT 0 CHECK (quantity_returned_e6 >= 0),
  UNIQUE (order_id, line_no)
);
CREATE INDEX sales_order_lines_product ON sales_order_lines (product_id);
