-- DPoP (RFC 9449): a sign-in made with a proof is bound to that key, by its RFC 7638 thumbprint;
-- its refresh tokens are refreshed only with a proof by the same key (§5), and its access tokens
-- carry it as cnf.jkt (§6.1).
ALTER TABLE refresh_families ADD COLUMN dpop_jkt TEXT;

-- Secrets every instance derives the same values from, made once by whichever starts first: the
-- DPoP nonces' key (§8), so a nonce one instance issued is accepted by all.
CREATE TABLE server_secrets (
    name   TEXT PRIMARY KEY,
    secret BLOB NOT NULL
);

-- Proofs seen (§11.1), by the hash of their key's thumbprint and jti, until they are too old to be
-- accepted anyway. One instance keeps them in memory; with several (PostgreSQL) they are shared here.
CREATE TABLE dpop_proofs (
    proof_hash BLOB    PRIMARY KEY,
    expires_at INTEGER NOT NULL
);
CREATE INDEX dpop_proofs_expires ON dpop_proofs (expires_at);
