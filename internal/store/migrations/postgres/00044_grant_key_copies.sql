-- +goose Up
-- A handler's own symmetric copy of a report's data key, on their grant:
-- the key sealed (XChaCha20-Poly1305) under a key derived from the
-- handler's identity, bound to the organisation, the report, the grantee
-- and the age grant it was unwrapped from. Opening it costs microseconds
-- where the age grant costs an X25519 agreement, which made a list of 100
-- subjects slow; only the grant's holder can open either, and it goes with
-- its grant row (see docs/security.md, "Who holds which key").
ALTER TABLE report_grants ADD COLUMN key_copy BYTEA;

-- +goose Down
ALTER TABLE report_grants DROP COLUMN key_copy;
