-- +goose Up
-- Data keys of confidential records other than reports (advice request
-- summaries, confidential advisers' notes), wrapped per grantee like
-- report_grants: "user:ID" or "org".
CREATE TABLE record_grants (
    kind      TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    grantee   TEXT NOT NULL,
    wrapped   BYTEA NOT NULL,
    PRIMARY KEY (kind, record_id, grantee)
);

-- +goose Down
DROP TABLE record_grants;
