-- +goose Up
-- The organisation's own categories of integrity breaches (Rotterdam's
-- "fraude en corruptie", …), each mapped to one type of the national
-- typology, in the organisation's order; an allegation names one of them
-- instead of a free-text label. label_key is the label in lower case with
-- single spaces: two labels that differ only so are the same category.
CREATE TABLE own_categories (
    id         INTEGER PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES organisations(id),
    label      TEXT NOT NULL,
    label_key  TEXT NOT NULL,
    category   TEXT NOT NULL,
    position   BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, label_key)
);
-- The store checks that the category is the report's organisation's, and
-- refuses to delete one in use (no REFERENCES here: SQLite cannot drop a
-- column that has one).
ALTER TABLE allegations ADD COLUMN own_category_id BIGINT;
-- What the annual report shows of the categories: national, own or both.
CREATE TABLE annual_report_categories (
    org_id BIGINT PRIMARY KEY REFERENCES organisations(id),
    shows  TEXT NOT NULL
);

-- The free-text labels typed so far become the organisation's list: one
-- category per label (ignoring case and surrounding spaces), named as it
-- was first typed, mapped to the national type most of its allegations
-- have (the earliest on a tie), ordered alphabetically.
INSERT INTO own_categories (org_id, label, label_key, category, position, created_at)
SELECT g.org_id,
    (SELECT trim(a.own_label) FROM allegations a JOIN reports r ON r.id = a.report_id
        WHERE r.org_id = g.org_id AND lower(trim(a.own_label)) = g.k ORDER BY a.id LIMIT 1),
    g.k,
    (SELECT a.category FROM allegations a JOIN reports r ON r.id = a.report_id
        WHERE r.org_id = g.org_id AND lower(trim(a.own_label)) = g.k
        GROUP BY a.category ORDER BY COUNT(*) DESC, MIN(a.id) LIMIT 1),
    ROW_NUMBER() OVER (PARTITION BY g.org_id ORDER BY g.k),
    CURRENT_TIMESTAMP
FROM (SELECT DISTINCT r.org_id, lower(trim(a.own_label)) AS k FROM allegations a JOIN reports r ON r.id = a.report_id
    WHERE trim(a.own_label) <> '') g;
UPDATE allegations SET own_category_id = (SELECT oc.id FROM own_categories oc JOIN reports r ON r.org_id = oc.org_id
    WHERE r.id = allegations.report_id AND oc.label_key = lower(trim(allegations.own_label)))
WHERE trim(own_label) <> '';
ALTER TABLE allegations DROP COLUMN own_label;

-- +goose Down
ALTER TABLE allegations ADD COLUMN own_label TEXT NOT NULL DEFAULT '';
UPDATE allegations SET own_label = (SELECT label FROM own_categories WHERE id = allegations.own_category_id)
WHERE own_category_id IS NOT NULL;
ALTER TABLE allegations DROP COLUMN own_category_id;
DROP TABLE annual_report_categories;
DROP TABLE own_categories;
