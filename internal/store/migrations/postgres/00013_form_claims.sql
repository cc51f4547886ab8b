-- +goose Up
-- A report form carries a one-time id; a form sent twice (a reload of the
-- receipt page) is recognised here and files no second report. The id is
-- stored only as an HMAC, and rows older than a day are removed.
CREATE TABLE form_claims (
    form_key   TEXT PRIMARY KEY,
    number     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE form_claims;
