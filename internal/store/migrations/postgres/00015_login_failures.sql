-- +goose Up
-- Limits on client addresses are kept in the server's memory now, under an
-- HMAC with a key that is never stored (package throttle): the throttle
-- table with its address-derived keys, and the installation secret those
-- keys were made with, go. What stays in the database is the number of
-- recent failed logins per account (organisation and user name), which
-- every server reads to slow down the logins of an account under attack.
CREATE TABLE login_failures (
    account      TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    last_failure TIMESTAMPTZ NOT NULL
);
DROP TABLE throttle;
DELETE FROM server_secrets WHERE name = 'client-throttle';

-- +goose Down
CREATE TABLE throttle (
    key           TEXT PRIMARY KEY,
    failures      BIGINT NOT NULL,
    window_start  TIMESTAMPTZ NOT NULL,
    blocked_until TIMESTAMPTZ
);
DROP TABLE login_failures;
