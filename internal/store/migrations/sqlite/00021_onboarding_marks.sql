-- +goose Up
-- HR's marks on onboarding duties that will not be done in the system: not
-- applicable to the person, or settled before the system kept records; on
-- is the day it was decided or settled. A marked duty is no longer missing.
CREATE TABLE onboarding_marks (
    person_id  BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    item       TEXT NOT NULL,
    mark       TEXT NOT NULL,
    marked_on  TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (person_id, item)
);

-- +goose Down
DROP TABLE onboarding_marks;
