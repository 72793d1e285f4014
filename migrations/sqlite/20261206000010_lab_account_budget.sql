-- Learn lab accounts are counted apart from real sign-ups: a classroom behind one address makes
-- many, and must not spend the address's sign-up budget (nor sign-ups theirs).
ALTER TABLE signup_attempts ADD COLUMN lab INTEGER NOT NULL DEFAULT 0;
CREATE INDEX signup_attempts_kind ON signup_attempts (client, lab, at);
