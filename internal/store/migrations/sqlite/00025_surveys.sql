-- +goose Up
-- Anonymous integrity surveys. An invitation is only the hash of its token
-- and its group, deleted when answered (or when the survey closes); a
-- response has no id, no time but the day, and nothing that names its
-- invitation; open answers are kept apart from the responses.
CREATE TABLE surveys (
    id         INTEGER PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES organisations(id),
    title      TEXT NOT NULL,
    year       BIGINT NOT NULL,
    template   TEXT NOT NULL,
    min_group  BIGINT NOT NULL,
    status     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE survey_groups (
    survey_id BIGINT NOT NULL REFERENCES surveys(id),
    grp       TEXT NOT NULL,
    invited   BIGINT NOT NULL,
    PRIMARY KEY (survey_id, grp)
);
CREATE TABLE survey_invitations (
    token_hash TEXT PRIMARY KEY,
    survey_id  BIGINT NOT NULL REFERENCES surveys(id),
    grp        TEXT NOT NULL
);
CREATE TABLE survey_responses (
    survey_id   BIGINT NOT NULL REFERENCES surveys(id),
    grp         TEXT NOT NULL,
    answered_on TEXT NOT NULL,
    answers     TEXT NOT NULL
);
CREATE INDEX survey_responses_survey ON survey_responses (survey_id);
CREATE TABLE survey_open_answers (
    id        INTEGER PRIMARY KEY,
    survey_id BIGINT NOT NULL REFERENCES surveys(id),
    question  TEXT NOT NULL,
    grp       TEXT NOT NULL,
    body      TEXT NOT NULL,
    is_read   BOOLEAN NOT NULL DEFAULT FALSE,
    withheld  BOOLEAN NOT NULL DEFAULT FALSE
);

-- +goose Down
DROP TABLE survey_open_answers;
DROP TABLE survey_responses;
DROP TABLE survey_invitations;
DROP TABLE survey_groups;
DROP TABLE surveys;
