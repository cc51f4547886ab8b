package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
)

// Financial interests (financiële belangen) of people in positions
// designated for them (Ambtenarenwet 2017 art. 8). Only the hr role reaches
// these methods; nothing of them is ever public.

// FinancialFilter narrows the list of financial interests.
type FinancialFilter struct {
	Year       int    // by the day it was reported, in Amsterdam; 0 = every year
	Kind       string // "" = every kind
	Assessment string // "" = every assessment
	PersonID   int64  // 0 = everybody
	Sort       string // "date" (newest first, the default), "date_asc", "person" or "assessment" (pending first)
}

// FinancialSorts are the values of FinancialFilter.Sort.
var FinancialSorts = []string{"date", "date_asc", "person", "assessment"}

const financialSelect = `SELECT fi.id, fi.org_id, fi.person_id, fi.kind, fi.description, fi.reported_on, fi.assessment, fi.reasons,
	COALESCE(fi.assessed_by, 0), fi.assessed_on, fi.created_at, fi.updated_at, p.name, p.ref, COALESCE(pos.title, ''),
	COALESCE(NULLIF(u.display_name, ''), u.username, '')
	FROM financial_interests fi
	JOIN people p ON p.id = fi.person_id AND p.org_id = fi.org_id
	LEFT JOIN positions pos ON pos.id = p.position_id AND pos.org_id = fi.org_id
	LEFT JOIN users u ON u.id = fi.assessed_by AND u.org_id = fi.org_id
	WHERE fi.org_id = $1`

func scanFinancial(row interface{ Scan(...any) error }) (*domain.FinancialInterest, error) {
	f := &domain.FinancialInterest{}
	err := row.Scan(&f.ID, &f.OrgID, &f.PersonID, &f.Kind, &f.Description, &f.ReportedOn, &f.Assessment, &f.Reasons,
		&f.AssessedBy, &f.AssessedOn, &f.CreatedAt, &f.UpdatedAt, &f.PersonName, &f.PersonRef, &f.PositionTitle, &f.AssessorName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "financial.err_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: financial interest: %w", err)
	}
	f.Normalise()
	return f, nil
}

// FinancialInterests lists the organisation's financial interests narrowed
// by the filter. Callers: hr. Errors: only internal.
func (s *Store) FinancialInterests(ctx context.Context, orgID int64, f FinancialFilter) ([]*domain.FinancialInterest, error) {
	q := financialSelect
	args := []any{orgID}
	add := func(cond string, v any) {
		args = append(args, v)
		q += " AND " + strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args)))
	}
	if f.Year != 0 {
		from, to := recYearRange(f.Year)
		add("fi.reported_on >= ?", from)
		add("fi.reported_on < ?", to)
	}
	if f.Kind != "" {
		add("fi.kind = ?", f.Kind)
	}
	if f.Assessment != "" {
		add("fi.assessment = ?", f.Assessment)
	}
	if f.PersonID != 0 {
		add("fi.person_id = ?", f.PersonID)
	}
	if f.Sort == "date_asc" {
		q += " ORDER BY fi.reported_on, fi.id"
	} else {
		q += " ORDER BY fi.reported_on DESC, fi.id DESC"
	}
	out, err := queryAll(ctx, s.db, "financial interests", scanFinancial, q, args...)
	if err != nil {
		return nil, err
	}
	switch f.Sort {
	case "person":
		slices.SortStableFunc(out, func(a, b *domain.FinancialInterest) int {
			return cmp.Or(cmp.Compare(strings.ToLower(a.PersonName), strings.ToLower(b.PersonName)), cmp.Compare(a.PersonRef, b.PersonRef))
		})
	case "assessment":
		sortByCodeOrder(out, domain.FinancialAssessments, func(a *domain.FinancialInterest) domain.FinancialAssessment { return a.Assessment })
	}
	return out, nil
}

// FinancialInterest returns one financial interest of the organisation.
// Callers: hr. Errors: ENOTFOUND, also for another organisation's.
func (s *Store) FinancialInterest(ctx context.Context, orgID, id int64) (*domain.FinancialInterest, error) {
	return scanFinancial(s.db.QueryRowContext(ctx, financialSelect+` AND fi.id = $2`, orgID, id))
}

// FinancialPeople lists the organisation's people whose position is
// designated for financial interests, by name: those who may report one.
// Callers: hr. Errors: only internal.
func (s *Store) FinancialPeople(ctx context.Context, orgID int64) ([]*domain.Person, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.ref, p.name, COALESCE(p.position_id, 0) FROM people p
		JOIN positions pos ON pos.id = p.position_id AND pos.org_id = p.org_id
		WHERE p.org_id = $1 AND pos.designated_financial = $2 ORDER BY p.name, p.ref`, orgID, true)
	if err != nil {
		return nil, fmt.Errorf("store: financial people: %w", err)
	}
	defer rows.Close()
	var out []*domain.Person
	for rows.Next() {
		p := &domain.Person{OrgID: orgID}
		if err := rows.Scan(&p.ID, &p.Ref, &p.Name, &p.PositionID); err != nil {
			return nil, fmt.Errorf("store: financial people: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// financialPersonDesignated refuses a person who is not the organisation's
// or whose position is not designated for financial interests.
func (tx *Tx) financialPersonDesignated(ctx context.Context, orgID, personID int64) error {
	var designated bool
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(pos.designated_financial, FALSE) FROM people p
		LEFT JOIN positions pos ON pos.id = p.position_id AND pos.org_id = p.org_id
		WHERE p.org_id = $1 AND p.id = $2`, orgID, personID).Scan(&designated)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.FieldError("person", "outside.err_person")
	}
	if err != nil {
		return fmt.Errorf("store: financial interest person: %w", err)
	}
	if !designated {
		return domain.FieldError("person", "financial.err_not_designated")
	}
	return nil
}

// CreateFinancialInterest stores a new financial interest and sets f.ID; an
// assessment other than pending is recorded as the actor's, today.
// Callers: hr. Errors: EINVALID naming the field, also for a person whose
// position is not designated for financial interests.
func (s *Store) CreateFinancialInterest(ctx context.Context, actor Actor, orgID int64, f *domain.FinancialInterest) error {
	if err := f.Validate(s.now()); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.financialPersonDesignated(ctx, orgID, f.PersonID); err != nil {
			return err
		}
		financialAssessor(f, "", actor, tx)
		err := tx.QueryRowContext(ctx, `INSERT INTO financial_interests (org_id, person_id, kind, description, reported_on, assessment,
			reasons, assessed_by, assessed_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			orgID, f.PersonID, f.Kind, f.Description, f.ReportedOn.UTC(), f.Assessment, f.Reasons, nullID(f.AssessedBy),
			outsideDay(f.AssessedOn), tx.now).Scan(&f.ID)
		if err != nil {
			return fmt.Errorf("store: create financial interest: %w", err)
		}
		f.OrgID, f.CreatedAt, f.UpdatedAt = orgID, tx.now, tx.now
		return tx.audit(ctx, actor.In(orgID), "financial.create", "financial_interest", f.ID, string(f.Kind)+" "+string(f.Assessment))
	})
}

// financialAssessor records who assessed and when: the actor today when
// the assessment changes from old, nobody while pending, else unchanged.
func financialAssessor(f *domain.FinancialInterest, old domain.FinancialAssessment, actor Actor, tx *Tx) {
	switch {
	case f.Assessment == domain.FinancialAssessmentPending:
		f.AssessedBy, f.AssessedOn = 0, nil
	case f.Assessment != old:
		today := domain.Day(tx.now)
		f.AssessedBy, f.AssessedOn = actor.UserID, &today
	}
}

// UpdateFinancialInterest changes a financial interest; a changed
// assessment is recorded as the actor's, today. Another person must hold a
// designated position; the same person may have left it since. Callers:
// hr. Errors: ENOTFOUND; EINVALID naming the field.
func (s *Store) UpdateFinancialInterest(ctx context.Context, actor Actor, orgID int64, f *domain.FinancialInterest) error {
	if err := f.Validate(s.now()); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		old, err := scanFinancial(tx.QueryRowContext(ctx, financialSelect+` AND fi.id = $2`, orgID, f.ID))
		if err != nil {
			return err
		}
		if f.PersonID != old.PersonID { // the holder stays, even when their position is no longer designated
			if err := tx.financialPersonDesignated(ctx, orgID, f.PersonID); err != nil {
				return err
			}
		}
		f.AssessedBy, f.AssessedOn = old.AssessedBy, old.AssessedOn
		financialAssessor(f, old.Assessment, actor, tx)
		if _, err := tx.ExecContext(ctx, `UPDATE financial_interests SET person_id = $3, kind = $4, description = $5, reported_on = $6,
			assessment = $7, reasons = $8, assessed_by = $9, assessed_on = $10, updated_at = $11 WHERE org_id = $1 AND id = $2`,
			orgID, f.ID, f.PersonID, f.Kind, f.Description, f.ReportedOn.UTC(), f.Assessment, f.Reasons, nullID(f.AssessedBy),
			outsideDay(f.AssessedOn), tx.now); err != nil {
			return fmt.Errorf("store: update financial interest: %w", err)
		}
		var changed []string
		for _, c := range []struct {
			name string
			same bool
		}{
			{"person", old.PersonID == f.PersonID}, {"kind", old.Kind == f.Kind}, {"description", old.Description == f.Description},
			{"reported_on", old.ReportedOn.Equal(f.ReportedOn)}, {"assessment", old.Assessment == f.Assessment}, {"reasons", old.Reasons == f.Reasons},
		} {
			if !c.same {
				changed = append(changed, c.name)
			}
		}
		f.OrgID, f.CreatedAt, f.UpdatedAt = orgID, old.CreatedAt, tx.now
		return tx.audit(ctx, actor.In(orgID), "financial.update", "financial_interest", f.ID, strings.Join(changed, ","))
	})
}

// DeleteFinancialInterest removes a financial interest. Callers: hr.
// Errors: ENOTFOUND.
func (s *Store) DeleteFinancialInterest(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.deleteRecord(ctx, actor, orgID, id, "financial_interests", "financial_interest", "financial.delete", "financial.err_not_found")
}
