-- +goose Up
-- Why an investigation stopped, for an allegation whose outcome is
-- "discontinued": person_left, reporter_withdrew, insufficient_information
-- or other (the sealed outcome note says why). A code, in clear, for the
-- annual report's table; '' for every other outcome, and for allegations
-- closed as discontinued before the reason was asked (the report counts
-- them as "reason not recorded").
ALTER TABLE allegations ADD COLUMN stop_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE allegations DROP COLUMN stop_reason;
