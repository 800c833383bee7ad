-- One migration, two dialect files: this one runs on SQLite only.
CREATE TABLE db_test_engine_note (engine TEXT NOT NULL);
INSERT INTO db_test_engine_note (engine) VALUES ('sqlite');
