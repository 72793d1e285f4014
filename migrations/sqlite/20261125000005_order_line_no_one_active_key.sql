-- What running on several instances needs, on both databases: an explicit line order for orders
-- (PostgreSQL has no rowid), and at most one active signing key even when two instances create or
-- rotate one at once (SQLite serialises writers, PostgreSQL does not).
ALTER TABLE order_lines ADD COLUMN line_no INTEGER NOT NULL DEFAULT 0;
UPDATE order_lines SET line_no = rowid;
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys ((retired_at IS NULL)) WHERE retired_at IS NULL;
