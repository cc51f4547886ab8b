-- +goose Up
-- Integrity activities and training. audiences holds the audience codes
-- separated by commas ("council,party_board"); nothing here names a person.
CREATE TABLE activities (
    id         INTEGER PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES organisations(id),
    held_on    TIMESTAMP NOT NULL,
    title      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    audiences  TEXT NOT NULL,
    attendance BIGINT,
    materials  TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX activities_org_held ON activities (org_id, held_on);

-- The council clerk's registers. A question records what it led to, never
-- who asked or what about in words; a screening carries the clerk's own
-- reference, never a name.
CREATE TABLE council_questions (
    id                  INTEGER PRIMARY KEY,
    org_id              BIGINT NOT NULL REFERENCES organisations(id),
    asked_on            TIMESTAMP NOT NULL,
    mayor_conversation  BOOLEAN NOT NULL,
    preliminary_inquiry BOOLEAN NOT NULL,
    topic               TEXT NOT NULL DEFAULT '',
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX council_questions_org_asked ON council_questions (org_id, asked_on);

CREATE TABLE council_screenings (
    id             INTEGER PRIMARY KEY,
    org_id         BIGINT NOT NULL REFERENCES organisations(id),
    screened_on    TIMESTAMP NOT NULL,
    reference      TEXT NOT NULL,
    candidate_role TEXT NOT NULL,
    performed_by   TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX council_screenings_org_screened ON council_screenings (org_id, screened_on);

CREATE TABLE conduct_codes (
    id           INTEGER PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES organisations(id),
    body         TEXT NOT NULL,
    title        TEXT NOT NULL,
    version      TEXT NOT NULL,
    adopted_on   TIMESTAMP NOT NULL,
    published_at TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX conduct_codes_org_adopted ON conduct_codes (org_id, adopted_on);

-- +goose Down
DROP TABLE conduct_codes;
DROP TABLE council_screenings;
DROP TABLE council_questions;
DROP TABLE activities;
