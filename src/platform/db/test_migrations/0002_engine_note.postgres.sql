-- One migration, two dialect files: this one runs on PostgreSQL only.
CREATE TABLE db_test_engine_note (engine TEXT NOT NULL);
INSERT INTO db_test_engine_note (engine) VALUES ('postgres');
