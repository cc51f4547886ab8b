-- +goose Up
-- The public key each grant of a report was wrapped to. After a password
-- reset a handler gets a new key pair, and their grants to the old key can
-- no longer be opened; the custodian's recovery replaces exactly those (a
-- grant whose recipient is not the user's current key). Empty for the
-- mailbox's grant and for grants written before this column, which the
-- recovery therefore rewraps.
ALTER TABLE report_grants ADD COLUMN recipient TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE report_grants DROP COLUMN recipient;
