-- +goose Up
-- A short subject the coordinator gives a report, for the report list:
-- sealed under the report's data key like the narrative (AAD
-- reports.subject:id), NULL until given.
ALTER TABLE reports ADD COLUMN subject BYTEA;

-- +goose Down
ALTER TABLE reports DROP COLUMN subject;
