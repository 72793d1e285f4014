-- As SQLite's 0007. On PostgreSQL the sessions' table has come from migration 0004 since the
-- start; this version exists so both folders keep the same list of versions.
SELECT 1;
