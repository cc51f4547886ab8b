-- +goose Up
-- Dilemma sessions: the organisation's own dilemmas (the deck that ships
-- with Integer is in the binary), the sessions with their join code and
-- where the facilitator is, one row per dilemma played with its votes per
-- option and the conclusion the team kept, and, while a session is open,
-- one vote per phone per dilemma under a hash of the phone's random token.
-- Nothing names a participant; the votes are summed into the rounds and
-- deleted when the session closes.
CREATE TABLE dilemmas (
    id         INTEGER PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES organisations(id),
    audience   TEXT NOT NULL,
    theme      TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    options    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX dilemmas_org ON dilemmas (org_id);

CREATE TABLE dilemma_sessions (
    id             INTEGER PRIMARY KEY,
    org_id         BIGINT NOT NULL REFERENCES organisations(id),
    code           TEXT NOT NULL,
    title          TEXT NOT NULL,
    audience       TEXT NOT NULL,
    facilitator_id BIGINT NOT NULL REFERENCES users(id),
    started_at     TIMESTAMP NOT NULL,
    closed_at      TIMESTAMP,
    activity_id    BIGINT REFERENCES activities(id) ON DELETE SET NULL,
    round          INTEGER NOT NULL DEFAULT 0,
    step           INTEGER NOT NULL DEFAULT 0,
    version        BIGINT NOT NULL DEFAULT 0,
    participants   INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX dilemma_sessions_open_code ON dilemma_sessions (org_id, code) WHERE closed_at IS NULL;

CREATE TABLE dilemma_rounds (
    session_id BIGINT NOT NULL REFERENCES dilemma_sessions(id) ON DELETE CASCADE,
    round      INTEGER NOT NULL,
    ref        TEXT NOT NULL,
    votes      TEXT NOT NULL DEFAULT '',
    conclusion TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, round)
);

CREATE TABLE dilemma_votes (
    session_id BIGINT NOT NULL REFERENCES dilemma_sessions(id) ON DELETE CASCADE,
    round      INTEGER NOT NULL,
    voter      BLOB NOT NULL,
    choice     INTEGER NOT NULL,
    PRIMARY KEY (session_id, round, voter)
);

-- +goose Down
DROP TABLE dilemma_votes;
DROP TABLE dilemma_rounds;
DROP TABLE dilemma_sessions;
DROP TABLE dilemmas;
