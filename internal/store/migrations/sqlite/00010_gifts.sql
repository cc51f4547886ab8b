-- +goose Up
CREATE TABLE gifts (
    id            INTEGER PRIMARY KEY,
    org_id        BIGINT NOT NULL REFERENCES organisations(id),
    person_id     BIGINT NOT NULL REFERENCES people(id),
    giver         TEXT NOT NULL,
    offered_on    TIMESTAMP NOT NULL,
    description   TEXT NOT NULL,
    value_cents   BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    decision      TEXT NOT NULL,
    decided_by    BIGINT REFERENCES users(id),
    decided_at    TIMESTAMP,
    self_reported BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX gifts_offered ON gifts (org_id, offered_on);
CREATE INDEX gifts_person ON gifts (person_id);

CREATE TABLE gift_settings (
    org_id          BIGINT PRIMARY KEY REFERENCES organisations(id),
    threshold_cents BIGINT NOT NULL
);

-- +goose Down
DROP TABLE gift_settings;
DROP TABLE gifts;
