-- +goose Up
-- yearly_counts.csv's optional code column: a figure of a year before the
-- system was used split by code (measure reports_by_outcome: an outcome;
-- reports_by_category: a category of the national typology;
-- reports_by_own_label: one of the organisation's own labels). The totals
-- (reports, adviser_first_contacts, …) have code ''. SQLite cannot change a
-- primary key in place: the table is copied.
CREATE TABLE yearly_counts_coded (
    org_id  BIGINT NOT NULL REFERENCES organisations(id),
    year    BIGINT NOT NULL,
    measure TEXT NOT NULL,
    count   BIGINT NOT NULL,
    code    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, year, measure, code)
);
INSERT INTO yearly_counts_coded (org_id, year, measure, count, code) SELECT org_id, year, measure, count, '' FROM yearly_counts;
DROP TABLE yearly_counts;
ALTER TABLE yearly_counts_coded RENAME TO yearly_counts;

-- +goose Down
CREATE TABLE yearly_counts_plain (
    org_id  BIGINT NOT NULL REFERENCES organisations(id),
    year    BIGINT NOT NULL,
    measure TEXT NOT NULL,
    count   BIGINT NOT NULL,
    PRIMARY KEY (org_id, year, measure)
);
INSERT INTO yearly_counts_plain (org_id, year, measure, count) SELECT org_id, year, measure, count FROM yearly_counts WHERE code = '';
DROP TABLE yearly_counts;
ALTER TABLE yearly_counts_plain RENAME TO yearly_counts;
