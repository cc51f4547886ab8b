-- +goose Up
-- yearly_counts.csv's optional code column: a figure of a year before the
-- system was used split by code (measure reports_by_outcome: an outcome;
-- reports_by_category: a category of the national typology;
-- reports_by_own_label: one of the organisation's own labels). The totals
-- (reports, adviser_first_contacts, …) have code ''.
ALTER TABLE yearly_counts ADD COLUMN code TEXT NOT NULL DEFAULT '';
ALTER TABLE yearly_counts DROP CONSTRAINT yearly_counts_pkey;
ALTER TABLE yearly_counts ADD PRIMARY KEY (org_id, year, measure, code);

-- +goose Down
DELETE FROM yearly_counts WHERE code <> '';
ALTER TABLE yearly_counts DROP CONSTRAINT yearly_counts_pkey;
ALTER TABLE yearly_counts DROP COLUMN code;
ALTER TABLE yearly_counts ADD PRIMARY KEY (org_id, year, measure);
