CREATE TABLE db_test_widget_events (
  id {{id}},
  widget_id BIGINT NOT NULL REFERENCES db_test_widgets (id),
  note TEXT
);
