-- +goose Up
-- One meaning per kind of issue: an adviser's case no longer has the
-- integrity kind "undesirable_conduct" besides the conduct kinds that split
-- it up; a case that had it gets "other_conduct" (Overig ongewenst gedrag)
-- instead, once.
UPDATE adviser_case_issues SET kind = 'other_conduct' WHERE kind = 'undesirable_conduct'
    AND NOT EXISTS (SELECT 1 FROM adviser_case_issues o WHERE o.case_id = adviser_case_issues.case_id AND o.kind = 'other_conduct');
DELETE FROM adviser_case_issues WHERE kind = 'undesirable_conduct';

-- +goose Down
-- The cases keep "other_conduct": which of them had "undesirable_conduct"
-- is not known any more.
SELECT 1;
