-- +goose Up
-- Outside activities (nevenwerkzaamheden) of people in the people register,
-- with the employer's assessment and the periodic re-confirmation. Nothing
-- is sealed: HR reads and assesses these, and part of them is public by law.
-- A person named here cannot be deleted from the people register (an end
-- date says they left); their registrations stay.
CREATE TABLE outside_activities (
    id              INTEGER PRIMARY KEY,
    org_id          BIGINT NOT NULL REFERENCES organisations(id),
    person_id       BIGINT NOT NULL REFERENCES people(id),
    position_id     BIGINT REFERENCES positions(id),
    activity        TEXT NOT NULL,
    organisation    TEXT NOT NULL,
    paid            BOOLEAN NOT NULL,
    hours_per_month INTEGER NOT NULL DEFAULT 0,
    income_eur      BIGINT,
    reported_on     TIMESTAMP NOT NULL,
    start_on        TIMESTAMP,
    end_on          TIMESTAMP,
    status          TEXT NOT NULL,
    assessment      TEXT NOT NULL,
    assessed_by     BIGINT REFERENCES users(id),
    assessed_on     TIMESTAMP,
    reasons         TEXT NOT NULL DEFAULT '',
    confirmed_on    TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX outside_activities_org ON outside_activities (org_id, reported_on);
CREATE INDEX outside_activities_person ON outside_activities (person_id);

-- Financial interests of people in positions designated for them. Never
-- public.
CREATE TABLE financial_interests (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES organisations(id),
    person_id   BIGINT NOT NULL REFERENCES people(id),
    kind        TEXT NOT NULL,
    description TEXT NOT NULL,
    reported_on TIMESTAMP NOT NULL,
    assessment  TEXT NOT NULL,
    reasons     TEXT NOT NULL DEFAULT '',
    assessed_by BIGINT REFERENCES users(id),
    assessed_on TIMESTAMP,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX financial_interests_org ON financial_interests (org_id, reported_on);
CREATE INDEX financial_interests_person ON financial_interests (person_id);

-- +goose Down
DROP TABLE financial_interests;
DROP TABLE outside_activities;
