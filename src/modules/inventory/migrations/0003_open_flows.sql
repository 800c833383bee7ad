-- The open (not done, not cancelled) moves' quantities summed per product and pair of
-- locations, kept by every command that opens, splits, completes or cancels a move: stock
-- levels read incoming and outgoing quantities from a few rows per product instead of every
-- open move. `keel check` proves each row equals the sum over its open moves.
CREATE TABLE inventory_open_flows (
  company_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  from_location_id BIGINT NOT NULL,
  to_location_id BIGINT NOT NULL,
  quantity_e6 BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id, from_location_id, to_location_id)
);
INSERT INTO inventory_open_flows (company_id, product_id, from_location_id, to_location_id,
  quantity_e6)
SELECT company_id, product_id, from_location_id, to_location_id, SUM(quantity_e6)
FROM inventory_moves WHERE state NOT IN ('done', 'cancelled')
GROUP BY company_id, product_id, from_location_id, to_location_id;
