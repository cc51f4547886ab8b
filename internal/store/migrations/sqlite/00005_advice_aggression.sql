-- +goose Up
-- Advice requests to the reporting point. Everything but the summary is in
-- the clear for the statistics; the summary is sealed with a data key per
-- request, wrapped in record_grants (kind "advice_requests").
CREATE TABLE advice_requests (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES organisations(id),
    received_on TIMESTAMP NOT NULL,
    topic       TEXT NOT NULL,
    requester   TEXT NOT NULL DEFAULT '',
    answered_on TIMESTAMP,
    summary     BLOB,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX advice_requests_org ON advice_requests (org_id, received_on);

-- Aggression against officials (Veilige Publieke Taak). Nothing is sealed:
-- the description must not name anyone.
CREATE TABLE aggression_incidents (
    id                    INTEGER PRIMARY KEY,
    org_id                BIGINT NOT NULL REFERENCES organisations(id),
    occurred_on           TIMESTAMP NOT NULL,
    kind                  TEXT NOT NULL,
    target                TEXT NOT NULL,
    department            TEXT NOT NULL DEFAULT '',
    police_involved       BOOLEAN NOT NULL,
    criminal_complaint    BOOLEAN NOT NULL,
    aftercare_offered     BOOLEAN NOT NULL,
    aftercare_followed_up BOOLEAN NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);
CREATE INDEX aggression_incidents_org ON aggression_incidents (org_id, occurred_on);

-- +goose Down
DROP TABLE aggression_incidents;
DROP TABLE advice_requests;
