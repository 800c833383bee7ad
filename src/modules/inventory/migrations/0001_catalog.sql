-- The catalog: units of measure, product categories, products and variants, reorder rules and
-- counts (see keel/inventory/inventory_api.h and README.md "Catalog"). Prices, costs and
-- quantities are BIGINT millionths (*_e6); unit factors are exact decimal text.

-- Units per company, seeded on first use; within a category a quantity in the reference unit
-- is quantity × factor.
CREATE TABLE inventory_uoms (
  id {{id}},
  company_id BIGINT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('units', 'weight', 'length', 'volume', 'time')),
  name TEXT NOT NULL,
  factor TEXT NOT NULL,
  decimals INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 6),
  reference INTEGER NOT NULL CHECK (reference IN (0, 1)),
  created_at TEXT NOT NULL,
  UNIQUE (company_id, name)
);

CREATE TABLE inventory_categories (
  id {{id}},
  company_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  parent_id BIGINT REFERENCES inventory_categories (id),
  cost_method TEXT NOT NULL CHECK (cost_method IN ('fifo', 'average', 'standard')),
  inventory_account_id BIGINT,
  cost_of_goods_account_id BIGINT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  UNIQUE (company_id, name)
);

-- A product, a template (is_template = 1, holds no stock) or a variant (template_id set).
-- `search` is the lower-cased (ASCII) names, SKU and barcode, for the list's text filter.
-- A NULL barcode is no barcode (UNIQUE admits many NULLs on both engines).
CREATE TABLE inventory_products (
  id {{id}},
  company_id BIGINT NOT NULL,
  template_id BIGINT REFERENCES inventory_products (id),
  is_template INTEGER NOT NULL CHECK (is_template IN (0, 1)),
  sku TEXT NOT NULL,
  barcode TEXT,
  search TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('stockable', 'consumable', 'service')),
  tracking TEXT NOT NULL CHECK (tracking IN ('none', 'lot', 'serial')),
  category_id BIGINT NOT NULL REFERENCES inventory_categories (id),
  uom_id BIGINT NOT NULL REFERENCES inventory_uoms (id),
  currency TEXT NOT NULL,
  list_price_e6 BIGINT NOT NULL CHECK (list_price_e6 >= 0),
  price_extra_e6 BIGINT NOT NULL DEFAULT 0 CHECK (price_extra_e6 >= 0),
  standard_cost_e6 BIGINT NOT NULL CHECK (standard_cost_e6 >= 0),
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, sku),
  UNIQUE (company_id, barcode)
);
CREATE INDEX inventory_products_template ON inventory_products (template_id);
CREATE INDEX inventory_products_category ON inventory_products (company_id, category_id);

CREATE TABLE inventory_product_names (
  product_id BIGINT NOT NULL REFERENCES inventory_products (id),
  language TEXT NOT NULL CHECK (language IN ('en', 'fa', 'he', 'zh', 'lt')),
  name TEXT NOT NULL,
  PRIMARY KEY (product_id, language)
);

-- Default sales taxes (accounting's), in order; the name is kept as the product shows it.
CREATE TABLE inventory_product_taxes (
  product_id BIGINT NOT NULL REFERENCES inventory_products (id),
  position INTEGER NOT NULL,
  tax_id BIGINT NOT NULL,
  tax_name TEXT NOT NULL,
  PRIMARY KEY (product_id, position)
);

-- A template's attribute lines and the price extra of each value.
CREATE TABLE inventory_attribute_values (
  template_id BIGINT NOT NULL REFERENCES inventory_products (id),
  attribute_position INTEGER NOT NULL,
  attribute TEXT NOT NULL,
  value_position INTEGER NOT NULL,
  value TEXT NOT NULL,
  price_extra_e6 BIGINT NOT NULL CHECK (price_extra_e6 >= 0),
  PRIMARY KEY (template_id, attribute_position, value_position)
);

-- A variant's value of each attribute of its template.
CREATE TABLE inventory_variant_values (
  product_id BIGINT NOT NULL REFERENCES inventory_products (id),
  attribute_position INTEGER NOT NULL,
  attribute TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (product_id, attribute_position)
);

-- Min/max per product and warehouse (the stock part's warehouse id).
CREATE TABLE inventory_reorder_rules (
  id {{id}},
  company_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL REFERENCES inventory_products (id),
  warehouse_id BIGINT NOT NULL,
  min_e6 BIGINT NOT NULL CHECK (min_e6 >= 0),
  max_e6 BIGINT NOT NULL CHECK (max_e6 >= min_e6),
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  UNIQUE (company_id, product_id, warehouse_id)
);

-- A physical count and the adjustment move it made (none when nothing differed).
CREATE TABLE inventory_counts (
  id {{id}},
  company_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL REFERENCES inventory_products (id),
  location_id BIGINT NOT NULL,
  lot_id BIGINT,
  date TEXT NOT NULL,
  counted_e6 BIGINT NOT NULL CHECK (counted_e6 >= 0),
  on_hand_e6 BIGINT NOT NULL,
  difference_e6 BIGINT NOT NULL,
  move_id BIGINT,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX inventory_counts_company ON inventory_counts (company_id, id);
