package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/integer-nl/integer/internal/domain"
)

// An adviser's contacts and other activities. As with cases, every query
// names the adviser and the organisation.

// AdviserContactFilter narrows an adviser's contact list.
type AdviserContactFilter struct {
	Year   int   // dated in this year; 0: any
	CaseID int64 // on this case; 0: any
}

const adviserContactColumns = `c.id, c.org_id, c.adviser_id, COALESCE(c.case_id, 0), COALESCE(k.ref, ''), c.contact_on, c.kind, c.minutes, c.first_contact`

func scanAdviserContact(row interface{ Scan(...any) error }) (*domain.AdviserContact, error) {
	c := &domain.AdviserContact{}
	err := row.Scan(&c.ID, &c.OrgID, &c.AdviserID, &c.CaseID, &c.CaseRef, &c.On, &c.Kind, &c.Minutes, &c.FirstContact)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.adviser_record_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: adviser contact: %w", err)
	}
	c.On = adviserDay(c.On)
	return c, nil
}

// AdviserContacts lists the adviser's own contacts, newest first.
func (s *Store) AdviserContacts(ctx context.Context, orgID, adviserID int64, f AdviserContactFilter) ([]*domain.AdviserContact, error) {
	q := `SELECT ` + adviserContactColumns + ` FROM adviser_contacts c LEFT JOIN adviser_cases k ON k.id = c.case_id
		WHERE c.org_id = $1 AND c.adviser_id = $2`
	args := []any{orgID, adviserID}
	if f.Year != 0 {
		from, to := adviserYearRange(f.Year)
		args = append(args, from, to)
		q += fmt.Sprintf(` AND c.contact_on >= $%d AND c.contact_on < $%d`, len(args)-1, len(args))
	}
	if f.CaseID != 0 {
		args = append(args, f.CaseID)
		q += fmt.Sprintf(` AND c.case_id = $%d`, len(args))
	}
	out, err := queryAll(ctx, s.db, "adviser contacts", scanAdviserContact, q+` ORDER BY c.contact_on DESC, c.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AdviserContact returns one of the adviser's own contacts. Errors:
// ENOTFOUND for anyone else's.
func (s *Store) AdviserContact(ctx context.Context, orgID, adviserID, id int64) (*domain.AdviserContact, error) {
	var c *domain.AdviserContact
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		c, err = tx.adviserContact(ctx, orgID, adviserID, id)
		return err
	})
	return c, err
}

func (tx *Tx) adviserContact(ctx context.Context, orgID, adviserID, id int64) (*domain.AdviserContact, error) {
	return scanAdviserContact(tx.QueryRowContext(ctx, `SELECT `+adviserContactColumns+` FROM adviser_contacts c
		LEFT JOIN adviser_cases k ON k.id = c.case_id WHERE c.id = $1 AND c.org_id = $2 AND c.adviser_id = $3`, id, orgID, adviserID))
}

// RecordAdviserContact records a contact of the adviser. With newCase it
// also opens a case, dated as the contact, and puts the contact on it, in
// one transaction; c.CaseID and c.CaseRef then name that case. Errors:
// EINVALID (a case that is not the adviser's is an unknown choice; a case
// has one first contact at most).
func (s *Store) RecordAdviserContact(ctx context.Context, actor Actor, orgID, adviserID int64, c *domain.AdviserContact, newCase bool) error {
	c.On = adviserDay(c.On)
	if err := c.Validate(s.adviserToday()); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if newCase {
			k := &domain.AdviserCase{OpenedOn: c.On, FormalReport: domain.AdviserFormalReportNone}
			if err := tx.insertAdviserCase(ctx, actor, orgID, adviserID, k); err != nil {
				return err
			}
			c.CaseID, c.CaseRef = k.ID, k.Ref
		}
		if err := tx.checkContactCase(ctx, orgID, adviserID, c); err != nil {
			return err
		}
		c.OrgID, c.AdviserID = orgID, adviserID
		err := tx.QueryRowContext(ctx, `INSERT INTO adviser_contacts (org_id, adviser_id, case_id, contact_on, kind, minutes, first_contact,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			orgID, adviserID, adviserNullID(c.CaseID), c.On, c.Kind, c.Minutes, c.FirstContact, tx.now).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("store: adviser contact: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "adviser.contact_create", "adviser_contact", c.ID, c.CaseRef)
	})
}

// UpdateAdviserContact changes one of the adviser's contacts. Errors:
// ENOTFOUND, EINVALID.
func (s *Store) UpdateAdviserContact(ctx context.Context, actor Actor, orgID, adviserID int64, c *domain.AdviserContact) error {
	c.On = adviserDay(c.On)
	return s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.adviserContact(ctx, orgID, adviserID, c.ID); err != nil {
			return err
		}
		if err := c.Validate(domain.Today(tx.now).UTCMidnight()); err != nil {
			return err
		}
		if err := tx.checkContactCase(ctx, orgID, adviserID, c); err != nil {
			return err
		}
		c.OrgID, c.AdviserID = orgID, adviserID
		if _, err := tx.ExecContext(ctx, `UPDATE adviser_contacts SET case_id = $2, contact_on = $3, kind = $4, minutes = $5,
			first_contact = $6, updated_at = $7 WHERE id = $1`,
			c.ID, adviserNullID(c.CaseID), c.On, c.Kind, c.Minutes, c.FirstContact, tx.now); err != nil {
			return fmt.Errorf("store: update adviser contact: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "adviser.contact_update", "adviser_contact", c.ID, c.CaseRef)
	})
}

// DeleteAdviserContact removes one of the adviser's contacts. Errors:
// ENOTFOUND.
func (s *Store) DeleteAdviserContact(ctx context.Context, actor Actor, orgID, adviserID, id int64) error {
	return s.inTx(ctx, func(tx *Tx) error {
		c, err := tx.adviserContact(ctx, orgID, adviserID, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM adviser_contacts WHERE id = $1`, id); err != nil {
			return fmt.Errorf("store: delete adviser contact: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "adviser.contact_delete", "adviser_contact", id, c.CaseRef)
	})
}

// checkContactCase checks that the contact's case is the adviser's own and
// that a case gets one first contact at most; it sets c.CaseRef.
func (tx *Tx) checkContactCase(ctx context.Context, orgID, adviserID int64, c *domain.AdviserContact) error {
	if c.CaseID == 0 {
		c.CaseRef = ""
		return nil
	}
	err := tx.QueryRowContext(ctx, `SELECT ref FROM adviser_cases WHERE id = $1 AND org_id = $2 AND adviser_id = $3`,
		c.CaseID, orgID, adviserID).Scan(&c.CaseRef)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.FieldError("case", "err.choice_invalid")
	}
	if err != nil {
		return fmt.Errorf("store: adviser contact case: %w", err)
	}
	if !c.FirstContact {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM adviser_contacts WHERE case_id = $1 AND first_contact = TRUE AND id <> $2`,
		c.CaseID, c.ID).Scan(&n); err != nil {
		return fmt.Errorf("store: adviser first contact: %w", err)
	}
	if n > 0 {
		return domain.FieldError("first_contact", "err.adviser_first_contact_taken", c.CaseRef)
	}
	return nil
}

func adviserNullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const adviserActivityColumns = `a.id, a.org_id, a.adviser_id, a.activity_on, a.kind, a.minutes`

func scanAdviserActivity(row interface{ Scan(...any) error }) (*domain.AdviserActivity, error) {
	a := &domain.AdviserActivity{}
	err := row.Scan(&a.ID, &a.OrgID, &a.AdviserID, &a.On, &a.Kind, &a.Minutes)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.adviser_record_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: adviser activity: %w", err)
	}
	a.On = adviserDay(a.On)
	return a, nil
}

// AdviserActivities lists the adviser's own other activities of the year
// (0: every year), newest first.
func (s *Store) AdviserActivities(ctx context.Context, orgID, adviserID int64, year int) ([]*domain.AdviserActivity, error) {
	q := `SELECT ` + adviserActivityColumns + ` FROM adviser_activities a WHERE a.org_id = $1 AND a.adviser_id = $2`
	args := []any{orgID, adviserID}
	if year != 0 {
		from, to := adviserYearRange(year)
		q += ` AND a.activity_on >= $3 AND a.activity_on < $4`
		args = append(args, from, to)
	}
	out, err := queryAll(ctx, s.db, "adviser activities", scanAdviserActivity, q+` ORDER BY a.activity_on DESC, a.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AdviserActivity returns one of the adviser's own activities. Errors:
// ENOTFOUND for anyone else's.
func (s *Store) AdviserActivity(ctx context.Context, orgID, adviserID, id int64) (*domain.AdviserActivity, error) {
	return scanAdviserActivity(s.db.QueryRowContext(ctx, `SELECT `+adviserActivityColumns+` FROM adviser_activities a
		WHERE a.id = $1 AND a.org_id = $2 AND a.adviser_id = $3`, id, orgID, adviserID))
}

// CreateAdviserActivity records another activity of the adviser. Errors:
// EINVALID.
func (s *Store) CreateAdviserActivity(ctx context.Context, actor Actor, orgID, adviserID int64, a *domain.AdviserActivity) error {
	a.On = adviserDay(a.On)
	if err := a.Validate(s.adviserToday()); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.userExists(ctx, orgID, adviserID); err != nil {
			return err
		}
		a.OrgID, a.AdviserID = orgID, adviserID
		err := tx.QueryRowContext(ctx, `INSERT INTO adviser_activities (org_id, adviser_id, activity_on, kind, minutes, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, orgID, adviserID, a.On, a.Kind, a.Minutes, tx.now).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("store: adviser activity: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "adviser.activity_create", "adviser_activity", a.ID, string(a.Kind))
	})
}

// UpdateAdviserActivity changes one of the adviser's activities. Errors:
// ENOTFOUND, EINVALID.
func (s *Store) UpdateAdviserActivity(ctx context.Context, actor Actor, orgID, adviserID int64, a *domain.AdviserActivity) error {
	a.On = adviserDay(a.On)
	return s.inTx(ctx, func(tx *Tx) error {
		if _, err := scanAdviserActivity(tx.QueryRowContext(ctx, `SELECT `+adviserActivityColumns+` FROM adviser_activities a
			WHERE a.id = $1 AND a.org_id = $2 AND a.adviser_id = $3`, a.ID, orgID, adviserID)); err != nil {
			return err
		}
		if err := a.Validate(domain.Today(tx.now).UTCMidnight()); err != nil {
			return err
		}
		a.OrgID, a.AdviserID = orgID, adviserID
		if _, err := tx.ExecContext(ctx, `UPDATE adviser_activities SET activity_on = $2, kind = $3, minutes = $4, updated_at = $5 WHERE id = $1`,
			a.ID, a.On, a.Kind, a.Minutes, tx.now); err != nil {
			return fmt.Errorf("store: update adviser activity: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "adviser.activity_update", "adviser_activity", a.ID, string(a.Kind))
	})
}

// DeleteAdviserActivity removes one of the adviser's activities. Errors:
// ENOTFOUND.
func (s *Store) DeleteAdviserActivity(ctx context.Context, actor Actor, orgID, adviserID, id int64) error {
	return s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM adviser_activities WHERE id = $1 AND org_id = $2 AND adviser_id = $3`, id, orgID, adviserID)
		if err != nil {
			return fmt.Errorf("store: delete adviser activity: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "err.adviser_record_not_found")
		}
		return tx.audit(ctx, actor.In(orgID), "adviser.activity_delete", "adviser_activity", id, "")
	})
}
