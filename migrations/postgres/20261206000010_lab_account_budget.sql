-- Learn lab accounts are counted apart from real sign-ups: a classroom behind one address makes
-- many, and must not spend the address's sign-up budget (nor sign-ups theirs).
ALTER TABLE signup_attempts ADD COLUMN lab BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX signup_attempts_kind ON signup_attempts (client, lab, at);
