-- +goose Up
-- What an organisation sets about itself: the name of its HR department as
-- the pages use it (empty: "HR"), and the contact and date of its
-- accessibility statement (empty: not given).
CREATE TABLE org_settings (
    org_id        BIGINT PRIMARY KEY REFERENCES organisations(id),
    hr_name       TEXT NOT NULL DEFAULT '',
    a11y_contact  TEXT NOT NULL DEFAULT '',
    a11y_assessed TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE org_settings;
