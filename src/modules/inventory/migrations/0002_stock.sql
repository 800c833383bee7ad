-- Stock: warehouses and locations, lots, moves, quantities and valuation layers (see
-- keel/inventory/inventory_api.h and README.md "Stock"). Quantities are BIGINT millionths of
-- the product's unit (*_e6), values BIGINT minor units of the company currency (*_minor),
-- unit costs BIGINT millionths of the currency (*_e6), dates ISO text. Product ids name rows
-- of the catalog part; ledger entries and accounts are accounting's, referenced by id only.

-- Every location of a company: internal ones (a warehouse's Stock, Input, Output and their
-- children) hold stock; the company-wide partner and virtual ones (warehouse_id NULL,
-- parent_id NULL) are the counterparts of moves, one per usage.
CREATE TABLE inventory_locations (
  id {{id}},
  company_id BIGINT NOT NULL,
  parent_id BIGINT REFERENCES inventory_locations (id),
  warehouse_id BIGINT,
  name TEXT NOT NULL,
  full_name TEXT NOT NULL,
  barcode TEXT NOT NULL DEFAULT '',
  usage TEXT NOT NULL
    CHECK (usage IN ('internal', 'supplier', 'customer', 'loss', 'production', 'transit')),
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX inventory_locations_full_name ON inventory_locations (company_id, full_name);
CREATE UNIQUE INDEX inventory_locations_barcode ON inventory_locations (company_id, barcode)
  WHERE barcode <> '';
CREATE UNIQUE INDEX inventory_locations_company_usage ON inventory_locations (company_id, usage)
  WHERE usage <> 'internal';
CREATE INDEX inventory_locations_parent ON inventory_locations (parent_id);

CREATE TABLE inventory_warehouses (
  id {{id}},
  company_id BIGINT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  stock_location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
  input_location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
  output_location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
  created_at TEXT NOT NULL,
  UNIQUE (company_id, code)
);

-- A lot or a serial number of a product (is_serial: at most one unit in stock at a time).
CREATE TABLE inventory_lots (
  id {{id}},
  company_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  expiry_date TEXT,
  is_serial INTEGER NOT NULL DEFAULT 0 CHECK (is_serial IN (0, 1)),
  created_at TEXT NOT NULL,
  UNIQUE (company_id, product_id, name)
);

-- A stock move. quantity is what is planned; reserved what is set aside at the source;
-- done_quantity what was carried out (= quantity once done). value_minor is signed from the
-- company's view (receipt +, delivery −), 0 until done or when the move is not valued.
CREATE TABLE inventory_moves (
  id {{id}},
  company_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  quantity_e6 BIGINT NOT NULL CHECK (quantity_e6 > 0),
  reserved_e6 BIGINT NOT NULL DEFAULT 0 CHECK (reserved_e6 >= 0),
  done_quantity_e6 BIGINT NOT NULL DEFAULT 0 CHECK (done_quantity_e6 >= 0),
  from_location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
  to_location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
  state TEXT NOT NULL CHECK (state IN ('draft', 'confirmed', 'partially_available', 'assigned',
                                       'done', 'cancelled')),
  date TEXT NOT NULL,
  origin TEXT NOT NULL DEFAULT '',
  partner_id BIGINT,
  origin_move_id BIGINT REFERENCES inventory_moves (id),
  backorder_of BIGINT REFERENCES inventory_moves (id),
  unit_cost_e6 BIGINT,
  value_minor BIGINT NOT NULL DEFAULT 0,
  entry_id BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX inventory_moves_product ON inventory_moves (company_id, product_id, state, date);
CREATE INDEX inventory_moves_origin ON inventory_moves (company_id, origin);
CREATE INDEX inventory_moves_company ON inventory_moves (company_id, id);

-- What a move has set aside: per source location (the move's or a child) and lot (0: none).
CREATE TABLE inventory_move_reservations (
  move_id BIGINT NOT NULL REFERENCES inventory_moves (id),
  location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
  lot_id BIGINT NOT NULL DEFAULT 0,
  quantity_e6 BIGINT NOT NULL CHECK (quantity_e6 > 0),
  PRIMARY KEY (move_id, location_id, lot_id)
);

-- What a done move carried out: from which location, to which, of which lot (0: none).
CREATE TABLE inventory_move_lines (
  id {{id}},
  move_id BIGINT NOT NULL REFERENCES inventory_moves (id),
  from_location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
  to_location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
  lot_id BIGINT NOT NULL DEFAULT 0,
  quantity_e6 BIGINT NOT NULL CHECK (quantity_e6 > 0)
);
CREATE INDEX inventory_move_lines_move ON inventory_move_lines (move_id);

-- Quantities per product, internal location and lot (0: none), kept by every move in its
-- own transaction: on hand = sum of done move lines, reserved = sum of open moves'
-- reservations. The CHECKs make overselling impossible even for a buggy caller.
CREATE TABLE inventory_quants (
  company_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
  lot_id BIGINT NOT NULL DEFAULT 0,
  on_hand_e6 BIGINT NOT NULL DEFAULT 0,
  reserved_e6 BIGINT NOT NULL DEFAULT 0 CHECK (reserved_e6 >= 0),
  PRIMARY KEY (product_id, location_id, lot_id),
  CHECK (reserved_e6 <= on_hand_e6)
);
CREATE INDEX inventory_quants_company ON inventory_quants (company_id, product_id);

-- Valuation layers: one per valued move (incoming: quantity and value > 0, remaining_* what
-- of it is still in stock; outgoing: both < 0, remaining 0) and per revaluation or
-- correction (quantity 0). The sum of value_minor per inventory account equals that
-- account's ledger balance.
CREATE TABLE inventory_valuation_layers (
  id {{id}},
  company_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  move_id BIGINT REFERENCES inventory_moves (id),
  account_id BIGINT NOT NULL,
  date TEXT NOT NULL,
  quantity_e6 BIGINT NOT NULL,
  value_minor BIGINT NOT NULL,
  remaining_quantity_e6 BIGINT NOT NULL DEFAULT 0 CHECK (remaining_quantity_e6 >= 0),
  remaining_value_minor BIGINT NOT NULL DEFAULT 0,
  entry_id BIGINT,
  kind TEXT NOT NULL CHECK (kind IN ('in', 'out', 'revaluation', 'correction')),
  created_at TEXT NOT NULL
);
CREATE INDEX inventory_valuation_layers_product
  ON inventory_valuation_layers (company_id, product_id, date, id);

-- Per product: the quantity and value of its valuation (the sums of its layers), what the
-- moving average divides, and the row every valued move of the product updates first, so
-- that concurrent valuations of one product run one after the other on PostgreSQL.
CREATE TABLE inventory_product_costs (
  company_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL PRIMARY KEY,
  quantity_e6 BIGINT NOT NULL DEFAULT 0,
  value_minor BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1
);
