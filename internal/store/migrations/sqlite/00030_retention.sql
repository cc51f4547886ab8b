-- +goose Up
-- Destruction under the Selectielijst 2020: each carried-out destruction
-- (who approved it, under which mandate, when) and what it destroyed, by
-- reference only: no content survives here.
CREATE TABLE destructions (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES organisations(id),
    approved_by TEXT NOT NULL,
    authority   TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE destruction_entries (
    destruction_id BIGINT NOT NULL REFERENCES destructions(id),
    position       INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    ref            TEXT NOT NULL,
    start_on       TIMESTAMP NOT NULL,
    expired_on     TIMESTAMP NOT NULL,
    PRIMARY KEY (destruction_id, position)
);

-- The yearly counts survive destruction: the clear columns the annual
-- report counts (a report's channel, days, kinds, allegations' categories
-- and outcomes, measures' kinds; never text, identity or attachment) are
-- kept per destroyed record, and the counting queries add them.
CREATE TABLE retained_report_facts (
    id             INTEGER PRIMARY KEY,
    org_id         BIGINT NOT NULL REFERENCES organisations(id),
    destruction_id BIGINT NOT NULL REFERENCES destructions(id),
    received_at    TIMESTAMP NOT NULL,
    dismissed      BOOLEAN NOT NULL,
    fact           TEXT NOT NULL
);
CREATE INDEX retained_report_facts_year ON retained_report_facts (org_id, received_at);

CREATE TABLE retained_advice_facts (
    id             INTEGER PRIMARY KEY,
    org_id         BIGINT NOT NULL REFERENCES organisations(id),
    destruction_id BIGINT NOT NULL REFERENCES destructions(id),
    received_on    TIMESTAMP NOT NULL,
    topic          TEXT NOT NULL,
    requester      TEXT NOT NULL,
    answered       BOOLEAN NOT NULL
);
CREATE INDEX retained_advice_facts_year ON retained_advice_facts (org_id, received_on);

-- +goose Down
DROP TABLE retained_advice_facts;
DROP TABLE retained_report_facts;
DROP TABLE destruction_entries;
DROP TABLE destructions;
