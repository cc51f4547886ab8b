package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/integer-nl/integer/internal/domain"
)

// The organisation's own categories of integrity breaches: a list per
// organisation that the coordinators keep (label, national type, order),
// from which an allegation names one. The annual report counts them, and
// shows the national typology, the own categories or both, as the
// organisation chose (annual_report_categories).

const ownCategoryColumns = `oc.id, oc.org_id, oc.label, oc.category, oc.position,
	(SELECT COUNT(*) FROM allegations a WHERE a.own_category_id = oc.id)`

func scanOwnCategory(row interface{ Scan(...any) error }) (*domain.OwnCategory, error) {
	c := &domain.OwnCategory{}
	err := row.Scan(&c.ID, &c.OrgID, &c.Label, &c.Category, &c.Position, &c.Uses)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.own_category_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: own category: %w", err)
	}
	return c, nil
}

// OwnCategories lists the organisation's own categories in its order, each
// with the number of allegations that name it. Errors: only internal.
func (s *Store) OwnCategories(ctx context.Context, orgID int64) ([]*domain.OwnCategory, error) {
	return ownCategories(ctx, s.db, orgID)
}

// OwnCategoryChoices lists the organisation's own categories in its order,
// without the number of allegations (Uses is 0): the choices of a report's
// page, which reads nothing of the organisation's other reports.
// Errors: only internal.
func (s *Store) OwnCategoryChoices(ctx context.Context, orgID int64) ([]*domain.OwnCategory, error) {
	return queryAll(ctx, s.db, "own categories", scanOwnCategory, `SELECT oc.id, oc.org_id, oc.label, oc.category, oc.position, 0
		FROM own_categories oc WHERE oc.org_id = $1 ORDER BY oc.position, oc.label_key, oc.id`, orgID)
}

func ownCategories(ctx context.Context, q querier, orgID int64) ([]*domain.OwnCategory, error) {
	return queryAll(ctx, q, "own categories", scanOwnCategory, `SELECT `+ownCategoryColumns+`
		FROM own_categories oc WHERE oc.org_id = $1 ORDER BY oc.position, oc.label_key, oc.id`, orgID)
}

// ownCategory reads one of the organisation's own categories. Errors:
// ENOTFOUND, also for another organisation's.
func (tx *Tx) ownCategory(ctx context.Context, orgID, id int64) (*domain.OwnCategory, error) {
	return scanOwnCategory(tx.QueryRowContext(ctx, `SELECT `+ownCategoryColumns+`
		FROM own_categories oc WHERE oc.org_id = $1 AND oc.id = $2`, orgID, id))
}

// SaveOwnCategory creates (c.ID 0) or changes one of the organisation's own
// categories, audited. A new one without a position goes to the end of the
// list. Changing the national type moves the allegations that name the
// category with it, so an allegation's type is always its own category's.
// Errors: EINVALID naming "label" (missing, too long, or the same as
// another's up to case and spaces: err.own_category_taken) or "category";
// ENOTFOUND.
func (s *Store) SaveOwnCategory(ctx context.Context, actor Actor, orgID int64, c *domain.OwnCategory) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error { return tx.saveOwnCategory(ctx, actor, orgID, c) })
}

func (tx *Tx) saveOwnCategory(ctx context.Context, actor Actor, orgID int64, c *domain.OwnCategory) error {
	c.OrgID = orgID
	if c.Position <= 0 {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM own_categories WHERE org_id = $1`, orgID).Scan(&c.Position); err != nil {
			return fmt.Errorf("store: own category: %w", err)
		}
	}
	action, detail := "own_category.create", c.Label+" → "+string(c.Category)
	var err error
	if c.ID == 0 {
		err = tx.QueryRowContext(ctx, `INSERT INTO own_categories (org_id, label, label_key, category, position, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, orgID, c.Label, domain.OwnCategoryKey(c.Label), c.Category, c.Position, tx.now).Scan(&c.ID)
	} else {
		action = "own_category.update"
		if _, err = tx.ownCategory(ctx, orgID, c.ID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE own_categories SET label = $3, label_key = $4, category = $5, position = $6
			WHERE org_id = $1 AND id = $2`, orgID, c.ID, c.Label, domain.OwnCategoryKey(c.Label), c.Category, c.Position)
		if err == nil {
			_, err = tx.ExecContext(ctx, `UPDATE allegations SET category = $2 WHERE own_category_id = $1 AND category <> $2`, c.ID, c.Category)
		}
	}
	if isUniqueViolation(err) {
		return domain.FieldError("label", "err.own_category_taken", c.Label)
	}
	if err != nil {
		return fmt.Errorf("store: own category: %w", err)
	}
	return tx.audit(ctx, actor.In(orgID), action, "own_category", c.ID, detail)
}

// DeleteOwnCategory removes one of the organisation's own categories,
// audited. Errors: ECONFLICT while an allegation names it
// (err.own_category_in_use); ENOTFOUND.
func (s *Store) DeleteOwnCategory(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.inTx(ctx, func(tx *Tx) error {
		c, err := tx.ownCategory(ctx, orgID, id)
		if err != nil {
			return err
		}
		if c.Uses > 0 {
			return domain.Errorf(domain.ECONFLICT, "err.own_category_in_use", c.Label, c.Uses)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM own_categories WHERE org_id = $1 AND id = $2`, orgID, id); err != nil {
			return fmt.Errorf("store: own category: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "own_category.delete", "own_category", id, c.Label)
	})
}

// ReportCategoryShows is what the organisation's annual report shows of the
// categories; ShowBoth when it never chose. Errors: only internal.
func (s *Store) ReportCategoryShows(ctx context.Context, orgID int64) (domain.CategoryShows, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT shows FROM annual_report_categories WHERE org_id = $1`, orgID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.ShowBoth, nil
	}
	if err != nil {
		return "", fmt.Errorf("store: report categories: %w", err)
	}
	return domain.CategoryShows(v), nil
}

// SetReportCategoryShows chooses what the organisation's annual report
// shows of the categories, audited. Errors: EINVALID naming "shows".
func (s *Store) SetReportCategoryShows(ctx context.Context, actor Actor, orgID int64, shows domain.CategoryShows) error {
	if !slices.Contains(domain.CategoryShowsAll, shows) {
		return domain.FieldError("shows", "err.choice_invalid")
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO annual_report_categories (org_id, shows) VALUES ($1, $2)
			ON CONFLICT (org_id) DO UPDATE SET shows = $2`, orgID, string(shows)); err != nil {
			return fmt.Errorf("store: report categories: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "annual_report.categories", "annual_report", orgID, string(shows))
	})
}

// allegationCategory settles an allegation's national type and own
// category: with an own category (the organisation's, else EINVALID naming
// "own_category") the type is its type, and a type given besides must be
// the same (EINVALID "category", err.own_category_mismatch); without one
// the type must be of the list.
func (tx *Tx) allegationCategory(ctx context.Context, orgID int64, category domain.Category, ownID int64) (domain.Category, *int64, error) {
	if ownID == 0 {
		if !slices.Contains(domain.Categories, category) {
			return "", nil, domain.FieldError("category", "err.choice_invalid")
		}
		return category, nil, nil
	}
	oc, err := tx.ownCategory(ctx, orgID, ownID)
	if domain.IsNotFound(err) {
		return "", nil, domain.FieldError("own_category", "err.choice_invalid")
	}
	if err != nil {
		return "", nil, err
	}
	if category != "" && category != oc.Category {
		return "", nil, domain.FieldError("category", "err.own_category_mismatch", oc.Label)
	}
	return oc.Category, &oc.ID, nil
}
