-- +goose Up
-- Single sign-on with OpenID Connect. sso_logins holds each login begun at
-- the provider until its answer comes back: found by the SHA-256 of the
-- state sent along, with the nonce and the PKCE verifier, and deleted when
-- the answer is taken, so a state (and the code with it) is used once.
CREATE TABLE sso_logins (
    state_hash BLOB PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES organisations(id),
    nonce      TEXT NOT NULL,
    verifier   TEXT NOT NULL,
    next       TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

-- The provider's account (issuer and subject) an Integer account is linked
-- to, from its first single sign-on on.
CREATE TABLE user_sso (
    issuer    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    user_id   BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    linked_at TIMESTAMP NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX user_sso_user ON user_sso (user_id);

-- A session begun through single sign-on, whose logout also offers the
-- provider's.
ALTER TABLE sessions ADD COLUMN sso BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE sessions DROP COLUMN sso;
DROP TABLE user_sso;
DROP TABLE sso_logins;
