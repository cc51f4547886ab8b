-- +goose Up
-- API tokens for integrations: the token is shown once; only its SHA-256 is
-- kept (token_hash), with the first characters to recognise it (prefix).
-- scopes is a comma-separated list of domain.TokenScope codes. A revoked
-- token keeps its row, for the audit log's sake.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES organisations(id),
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    token_hash   BLOB NOT NULL UNIQUE,
    scopes       TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    revoked_at   TIMESTAMP,
    last_used_at TIMESTAMP
);
CREATE INDEX api_tokens_org ON api_tokens (org_id);

-- +goose Down
DROP TABLE api_tokens;
