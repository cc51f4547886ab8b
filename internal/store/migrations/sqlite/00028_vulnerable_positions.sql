-- +goose Up
-- Vulnerable positions (kwetsbare functies): per position or process the
-- vulnerable activities and their level ("granting=primary,assessing=
-- secondary"; activities not involved left out), the review of the
-- analysis, and the control measures in place with owner and review day.
-- Nothing here names a person.
CREATE TABLE vulnerable_positions (
    id             INTEGER PRIMARY KEY,
    org_id         BIGINT NOT NULL REFERENCES organisations(id),
    ref            TEXT NOT NULL,
    name           TEXT NOT NULL,
    position_id    BIGINT REFERENCES positions(id) ON DELETE SET NULL,
    levels         TEXT NOT NULL DEFAULT '',
    last_review_on TIMESTAMP,
    next_review_on TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (org_id, ref)
);

CREATE TABLE vulnerable_measures (
    position_id BIGINT NOT NULL REFERENCES vulnerable_positions(id) ON DELETE CASCADE,
    measure     TEXT NOT NULL,
    owner       TEXT NOT NULL,
    review_on   TIMESTAMP,
    PRIMARY KEY (position_id, measure)
);

-- +goose Down
DROP TABLE vulnerable_measures;
DROP TABLE vulnerable_positions;
