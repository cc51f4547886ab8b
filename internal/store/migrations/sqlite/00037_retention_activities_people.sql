-- +goose Up
-- Retention of activities (5 years after the day held) and of people's
-- onboarding records (10 years after employment ended). As for reports,
-- what the annual report and the basic-norms scorecard count is kept when
-- the record is destroyed: an activity's day, title, kind, audiences and
-- attendance (the annual report, kept permanently, prints them; its
-- materials go), and a person's employment kind and onboarding days
-- without ref, name, department, position or witness.
CREATE TABLE retained_activity_facts (
    id             INTEGER PRIMARY KEY,
    org_id         BIGINT NOT NULL REFERENCES organisations(id),
    destruction_id BIGINT NOT NULL REFERENCES destructions(id),
    activity_id    BIGINT NOT NULL, -- the destroyed activity's id: orders activities held on the same day as before
    held_on        TIMESTAMP NOT NULL,
    title          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    audiences      TEXT NOT NULL,
    attendance     BIGINT
);
CREATE INDEX retained_activity_facts_year ON retained_activity_facts (org_id, held_on);

CREATE TABLE retained_onboarding_facts (
    id                INTEGER PRIMARY KEY,
    org_id            BIGINT NOT NULL REFERENCES organisations(id),
    destruction_id    BIGINT NOT NULL REFERENCES destructions(id),
    employment        TEXT NOT NULL,
    start_on          TIMESTAMP,
    vog_on            TIMESTAMP,
    oath_on           TIMESTAMP,
    oath_kind         TEXT NOT NULL DEFAULT '',
    declaration_on    TIMESTAMP,
    confidential_on   TIMESTAMP,
    intro_training_on TIMESTAMP
);
CREATE INDEX retained_onboarding_facts_org ON retained_onboarding_facts (org_id);

-- A person another register still names (gifts, outside activities,
-- financial interests) keeps their row without the onboarding record;
-- this says when it was destroyed, so that it is not proposed again.
ALTER TABLE people ADD COLUMN onboarding_destroyed_at TIMESTAMP;

-- +goose Down
ALTER TABLE people DROP COLUMN onboarding_destroyed_at;
DROP TABLE retained_onboarding_facts;
DROP TABLE retained_activity_facts;
