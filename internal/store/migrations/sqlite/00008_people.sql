-- +goose Up
CREATE TABLE positions (
    id                     INTEGER PRIMARY KEY,
    org_id                 BIGINT NOT NULL REFERENCES organisations(id),
    ref                    TEXT NOT NULL,
    title                  TEXT NOT NULL,
    department             TEXT NOT NULL DEFAULT '',
    designated_publication BOOLEAN NOT NULL DEFAULT FALSE,
    designated_financial   BOOLEAN NOT NULL DEFAULT FALSE,
    political              TEXT NOT NULL DEFAULT '',
    created_at             TIMESTAMP NOT NULL,
    UNIQUE (org_id, ref)
);

CREATE TABLE people (
    id                INTEGER PRIMARY KEY,
    org_id            BIGINT NOT NULL REFERENCES organisations(id),
    ref               TEXT NOT NULL,
    name              TEXT NOT NULL DEFAULT '',
    employment        TEXT NOT NULL,
    position_id       BIGINT REFERENCES positions(id),
    department        TEXT NOT NULL DEFAULT '',
    start_on          TIMESTAMP,
    end_on            TIMESTAMP,
    vog_on            TIMESTAMP,
    oath_on           TIMESTAMP,
    oath_kind         TEXT NOT NULL DEFAULT '',
    oath_witness      TEXT NOT NULL DEFAULT '',
    declaration_on    TIMESTAMP,
    confidential_on   TIMESTAMP,
    intro_training_on TIMESTAMP,
    user_id           BIGINT REFERENCES users(id),
    created_at        TIMESTAMP NOT NULL,
    UNIQUE (org_id, ref)
);
CREATE INDEX people_department ON people (org_id, department);
CREATE UNIQUE INDEX people_user ON people (user_id);

-- +goose Down
DROP TABLE people;
DROP TABLE positions;
