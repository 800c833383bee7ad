-- Shared by both engines; {{id}} becomes each engine's identity primary key.
CREATE TABLE db_test_widgets (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  quantity BIGINT NOT NULL CHECK (quantity >= 0)
);
CREATE INDEX db_test_widgets_quantity ON db_test_widgets (quantity);
