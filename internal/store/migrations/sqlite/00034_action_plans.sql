-- +goose Up
-- Action plans (plannen van aanpak): a plan with action lines and numbered
-- actions, each planned in quarters ("2025-Q1"), with an owner (a user of
-- the organisation), a status (and the reason when dropped) and dated
-- progress notes. Nothing here is confidential.
CREATE TABLE action_plans (
    id         INTEGER PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES organisations(id),
    ref        TEXT NOT NULL,
    title      TEXT NOT NULL,
    from_year  INTEGER NOT NULL,
    until_year INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, ref)
);

CREATE TABLE action_lines (
    id      INTEGER PRIMARY KEY,
    plan_id BIGINT NOT NULL REFERENCES action_plans(id) ON DELETE CASCADE,
    number  INTEGER NOT NULL,
    title   TEXT NOT NULL,
    UNIQUE (plan_id, number)
);

CREATE TABLE plan_actions (
    id            INTEGER PRIMARY KEY,
    org_id        BIGINT NOT NULL REFERENCES organisations(id),
    plan_id       BIGINT NOT NULL REFERENCES action_plans(id) ON DELETE CASCADE,
    line_id       BIGINT NOT NULL REFERENCES action_lines(id) ON DELETE CASCADE,
    number        INTEGER NOT NULL,
    description   TEXT NOT NULL,
    kind          TEXT NOT NULL,
    planned_from  TEXT NOT NULL,
    planned_until TEXT NOT NULL,
    owner_id      BIGINT REFERENCES users(id),
    status        TEXT NOT NULL,
    status_reason TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (plan_id, number)
);

CREATE INDEX plan_actions_owner ON plan_actions (org_id, owner_id);

CREATE TABLE action_notes (
    id         INTEGER PRIMARY KEY,
    action_id  BIGINT NOT NULL REFERENCES plan_actions(id) ON DELETE CASCADE,
    noted_on   TIMESTAMP NOT NULL,
    text       TEXT NOT NULL,
    author_id  BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);

CREATE INDEX action_notes_action ON action_notes (action_id);

-- +goose Down
DROP TABLE action_notes;
DROP TABLE plan_actions;
DROP TABLE action_lines;
DROP TABLE action_plans;
