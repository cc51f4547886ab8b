-- +goose Up
-- The confidential advisers' records. They name nobody: dates, codes and
-- minutes in the clear, for the figures; the one free text, a case's note,
-- is sealed to the adviser's own key (record_grants, kind adviser_cases).

-- Whether an adviser is internal or external, set by the adviser.
CREATE TABLE adviser_profiles (
    user_id    BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    org_id     BIGINT NOT NULL REFERENCES organisations(id),
    kind       TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- How the controller's aggregated figures treat small counts.
CREATE TABLE adviser_settings (
    org_id                BIGINT PRIMARY KEY REFERENCES organisations(id),
    publish_small_numbers BOOLEAN NOT NULL DEFAULT FALSE,
    min_cell              BIGINT NOT NULL DEFAULT 3,
    updated_at            TIMESTAMP NOT NULL
);

-- Case references are numbered per adviser and year, so that no adviser
-- learns from the numbers how many cases the others have.
CREATE TABLE adviser_case_numbers (
    org_id     BIGINT NOT NULL REFERENCES organisations(id),
    adviser_id BIGINT NOT NULL REFERENCES users(id),
    year       BIGINT NOT NULL,
    last       BIGINT NOT NULL,
    PRIMARY KEY (org_id, adviser_id, year)
);

CREATE TABLE adviser_cases (
    id            INTEGER PRIMARY KEY,
    org_id        BIGINT NOT NULL REFERENCES organisations(id),
    adviser_id    BIGINT NOT NULL REFERENCES users(id),
    ref           TEXT NOT NULL,
    opened_on     TIMESTAMP NOT NULL,
    formal_report TEXT NOT NULL DEFAULT 'none',
    closed_on     TIMESTAMP,
    note          BLOB,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (org_id, adviser_id, ref)
);
CREATE INDEX adviser_cases_adviser ON adviser_cases (org_id, adviser_id, opened_on);
CREATE INDEX adviser_cases_opened ON adviser_cases (org_id, opened_on);

CREATE TABLE adviser_case_issues (
    case_id BIGINT NOT NULL REFERENCES adviser_cases(id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    PRIMARY KEY (case_id, kind)
);

CREATE TABLE adviser_case_relations (
    case_id  BIGINT NOT NULL REFERENCES adviser_cases(id) ON DELETE CASCADE,
    relation TEXT NOT NULL,
    PRIMARY KEY (case_id, relation)
);

-- A contact, on a case or not; a first contact is someone seeking contact
-- for the first time on a matter.
CREATE TABLE adviser_contacts (
    id            INTEGER PRIMARY KEY,
    org_id        BIGINT NOT NULL REFERENCES organisations(id),
    adviser_id    BIGINT NOT NULL REFERENCES users(id),
    case_id       BIGINT REFERENCES adviser_cases(id),
    contact_on    TIMESTAMP NOT NULL,
    kind          TEXT NOT NULL,
    minutes       BIGINT NOT NULL,
    first_contact BOOLEAN NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX adviser_contacts_adviser ON adviser_contacts (org_id, adviser_id, contact_on);
CREATE INDEX adviser_contacts_date ON adviser_contacts (org_id, contact_on);
CREATE INDEX adviser_contacts_case ON adviser_contacts (case_id);

CREATE TABLE adviser_activities (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES organisations(id),
    adviser_id  BIGINT NOT NULL REFERENCES users(id),
    activity_on TIMESTAMP NOT NULL,
    kind        TEXT NOT NULL,
    minutes     BIGINT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX adviser_activities_adviser ON adviser_activities (org_id, adviser_id, activity_on);
CREATE INDEX adviser_activities_date ON adviser_activities (org_id, activity_on);

-- +goose Down
DELETE FROM record_grants WHERE kind = 'adviser_cases';
DROP TABLE adviser_activities;
DROP TABLE adviser_contacts;
DROP TABLE adviser_case_relations;
DROP TABLE adviser_case_issues;
DROP TABLE adviser_cases;
DROP TABLE adviser_case_numbers;
DROP TABLE adviser_settings;
DROP TABLE adviser_profiles;
