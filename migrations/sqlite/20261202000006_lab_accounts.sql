-- Throwaway accounts the Learn labs create for one browser: set for them alone, NULL for real
-- accounts. Past it, the account can no longer sign in, and the cleanup deletes it with its data.
ALTER TABLE users ADD COLUMN lab_expires_at INTEGER;
CREATE INDEX users_lab_expiry ON users (lab_expires_at) WHERE lab_expires_at IS NOT NULL;
