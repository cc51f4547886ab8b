-- +goose Up
-- Reporting channels and who handles them.
CREATE TABLE channels (
    id         INTEGER PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES organisations(id),
    code       TEXT NOT NULL,
    name_nl    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, code)
);
CREATE TABLE channel_handlers (
    channel_id BIGINT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (channel_id, user_id)
);

-- A handler's age key pair: the private key wrapped under a key derived
-- from their password. Sessions carry it wrapped under a cookie-held key.
CREATE TABLE user_keys (
    user_id         BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    public_key      TEXT NOT NULL,
    wrapped_private BLOB NOT NULL,
    salt            BLOB NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
ALTER TABLE sessions ADD COLUMN key_wrapped BLOB;

-- Per organisation: the salt of receipt codes and the public recovery key.
CREATE TABLE org_keys (
    org_id              BIGINT PRIMARY KEY REFERENCES organisations(id),
    receipt_salt        BLOB NOT NULL,
    recovery_public     TEXT NOT NULL DEFAULT '',
    recovery_created_at TIMESTAMP
);

CREATE TABLE report_numbers (
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    year   BIGINT NOT NULL,
    last   BIGINT NOT NULL,
    PRIMARY KEY (org_id, year)
);

-- A report. Statistics need the clear columns; everything else is sealed.
CREATE TABLE reports (
    id              INTEGER PRIMARY KEY,
    org_id          BIGINT NOT NULL REFERENCES organisations(id),
    channel_id      BIGINT NOT NULL REFERENCES channels(id),
    number          TEXT NOT NULL,
    received_at     TIMESTAMP NOT NULL,
    source          TEXT NOT NULL,
    reporter_kind   TEXT NOT NULL,
    anonymous       BOOLEAN NOT NULL,
    whistleblower   BOOLEAN NOT NULL,
    state           TEXT NOT NULL,
    acknowledged_at TIMESTAMP,
    feedback_at     TIMESTAMP,
    closed_at       TIMESTAMP,
    investigation   TEXT NOT NULL DEFAULT 'none',
    referred_to     TEXT NOT NULL DEFAULT '',
    receipt_lookup  BLOB UNIQUE,
    content         BLOB NOT NULL,
    identity        BLOB,
    notify_email    BLOB,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (org_id, number)
);
CREATE INDEX reports_channel ON reports (org_id, channel_id, state, received_at);

-- The report's data key, wrapped for each who may open it: "user:ID",
-- "org" (the recovery key) and "mailbox" (the receipt code).
CREATE TABLE report_grants (
    report_id BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    grantee   TEXT NOT NULL,
    wrapped   BLOB NOT NULL,
    PRIMARY KEY (report_id, grantee)
);

CREATE TABLE allegations (
    id           INTEGER PRIMARY KEY,
    report_id    BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    category     TEXT NOT NULL,
    own_label    TEXT NOT NULL DEFAULT '',
    outcome      TEXT NOT NULL DEFAULT '',
    outcome_note BLOB,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX allegations_report ON allegations (report_id);

CREATE TABLE measures (
    id         INTEGER PRIMARY KEY,
    report_id  BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    note       BLOB,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX measures_report ON measures (report_id);

CREATE TABLE report_messages (
    id            INTEGER PRIMARY KEY,
    report_id     BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    from_reporter BOOLEAN NOT NULL,
    author_id     BIGINT NOT NULL DEFAULT 0,
    body          BLOB NOT NULL,
    approval      TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX report_messages_report ON report_messages (report_id, id);

CREATE TABLE report_attachments (
    id            INTEGER PRIMARY KEY,
    report_id     BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    message_id    BIGINT NOT NULL DEFAULT 0,
    from_reporter BOOLEAN NOT NULL,
    name          BLOB NOT NULL,
    size          BIGINT NOT NULL,
    content       BLOB NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX report_attachments_report ON report_attachments (report_id);

CREATE TABLE report_assignees (
    report_id BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    user_id   BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (report_id, user_id)
);

CREATE TABLE report_links (
    report_id BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    linked_id BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    PRIMARY KEY (report_id, linked_id)
);

CREATE TABLE identity_requests (
    id           INTEGER PRIMARY KEY,
    report_id    BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    requested_by BIGINT NOT NULL REFERENCES users(id),
    reason       BLOB NOT NULL,
    basis        TEXT NOT NULL,
    status       TEXT NOT NULL,
    decided_by   BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL,
    decided_at   TIMESTAMP
);
CREATE INDEX identity_requests_report ON identity_requests (report_id);

-- What happened to a report, for its timeline: no content, only the event.
CREATE TABLE report_events (
    id         INTEGER PRIMARY KEY,
    report_id  BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    at         TIMESTAMP NOT NULL,
    actor_id   BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_events_report ON report_events (report_id, id);

-- +goose Down
DROP TABLE report_events;
DROP TABLE identity_requests;
DROP TABLE report_links;
DROP TABLE report_assignees;
DROP TABLE report_attachments;
DROP TABLE report_messages;
DROP TABLE measures;
DROP TABLE allegations;
DROP TABLE report_grants;
DROP TABLE reports;
DROP TABLE report_numbers;
DROP TABLE org_keys;
ALTER TABLE sessions DROP COLUMN key_wrapped;
DROP TABLE user_keys;
DROP TABLE channel_handlers;
DROP TABLE channels;
