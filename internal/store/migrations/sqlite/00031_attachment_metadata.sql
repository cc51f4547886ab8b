-- +goose Up
-- What was done with the metadata of a reporter's attachment (package
-- clean): its format, whether metadata was removed, kept at the reporter's
-- wish, absent, or could not be removed, and which kinds were found. Never
-- the values. Sealed with the report's data key like the name; NULL for
-- files stored before this and for a handler's own files.
ALTER TABLE report_attachments ADD COLUMN metadata BLOB;

-- +goose Down
ALTER TABLE report_attachments DROP COLUMN metadata;
