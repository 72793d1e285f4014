-- An account the shop's operator locked (practice mode seeds one for test suites): set, the right
-- password is refused too; NULL for every account that may sign in.
ALTER TABLE users ADD COLUMN locked_at INTEGER;
