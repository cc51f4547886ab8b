package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// The confidential advisers' records. Every method takes the adviser's user
// ID and the organisation and touches only the rows of that adviser in that
// organisation: another adviser's case, contact or activity does not exist
// for them (ENOTFOUND). Nobody else reads these rows one by one; the
// controller and the annual report get aggregates (advisers_figures.go).
// A case's note is sealed to the adviser's own key only: it never leaves
// the adviser, not even to the organisation's recovery key.

// adviserCaseKind names the cases in record_grants and in the notes' AAD.
const adviserCaseKind = "adviser_cases"

// adviserDay normalises a date to midnight UTC of its calendar day.
func adviserDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func adviserDayPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	d := adviserDay(*t)
	return &d
}

// adviserToday is the store's current date, for validation.
func (s *Store) adviserToday() time.Time { return domain.Today(s.now()).UTCMidnight() }

// AdviserKind returns whether the adviser is "internal" or "external", or ""
// when they have not said.
func (s *Store) AdviserKind(ctx context.Context, orgID, userID int64) (string, error) {
	var kind string
	err := s.db.QueryRowContext(ctx, `SELECT kind FROM adviser_profiles WHERE org_id = $1 AND user_id = $2`, orgID, userID).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: adviser kind: %w", err)
	}
	return kind, nil
}

// SetAdviserKind records whether the adviser is internal or external; the
// adviser sets it on their own page. Errors: EINVALID for another kind.
func (s *Store) SetAdviserKind(ctx context.Context, actor Actor, orgID, userID int64, kind string) error {
	if !slices.Contains(domain.AdviserKinds, domain.AdviserKind(kind)) {
		return domain.FieldError("adviser_kind", "err.adviser_kind_required")
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.userExists(ctx, orgID, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO adviser_profiles (user_id, org_id, kind, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id) DO UPDATE SET kind = $3, updated_at = $4`, userID, orgID, kind, tx.now)
		if err != nil {
			return fmt.Errorf("store: adviser kind: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "adviser.profile", "user", userID, kind)
	})
}

// AdviserSettings returns how the organisation's aggregated adviser figures
// treat small counts (domain.DefaultAdviserSettings until it decided).
func (s *Store) AdviserSettings(ctx context.Context, orgID int64) (domain.AdviserSettings, error) {
	st := domain.DefaultAdviserSettings
	err := s.db.QueryRowContext(ctx, `SELECT publish_small_numbers, min_cell FROM adviser_settings WHERE org_id = $1`, orgID).
		Scan(&st.PublishSmallNumbers, &st.MinCell)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.DefaultAdviserSettings, nil
	}
	if err != nil {
		return st, fmt.Errorf("store: adviser settings: %w", err)
	}
	return st, nil
}

// SetAdviserSettings records the organisation's decision on small counts.
// Errors: EINVALID for a minimum outside 2–20.
func (s *Store) SetAdviserSettings(ctx context.Context, actor Actor, orgID int64, st domain.AdviserSettings) error {
	if err := st.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO adviser_settings (org_id, publish_small_numbers, min_cell, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (org_id) DO UPDATE SET publish_small_numbers = $2, min_cell = $3, updated_at = $4`,
			orgID, st.PublishSmallNumbers, st.MinCell, tx.now)
		if err != nil {
			return fmt.Errorf("store: adviser settings: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "adviser.settings", "organisation", orgID,
			fmt.Sprintf("publish_small_numbers=%t min_cell=%d", st.PublishSmallNumbers, st.MinCell))
	})
}

// AdviserCaseFilter narrows an adviser's case list.
type AdviserCaseFilter struct {
	Year  int                     // opened in this year; 0: any
	State domain.AdviserCaseState // open or closed; "" for both
}

const adviserCaseColumns = `k.id, k.org_id, k.adviser_id, k.ref, k.opened_on, k.formal_report, k.closed_on, k.note IS NOT NULL,
	(SELECT COUNT(*) FROM adviser_contacts c WHERE c.case_id = k.id),
	(SELECT CAST(COALESCE(SUM(c.minutes), 0) AS BIGINT) FROM adviser_contacts c WHERE c.case_id = k.id)`

func scanAdviserCase(row interface{ Scan(...any) error }) (*domain.AdviserCase, error) {
	c := &domain.AdviserCase{}
	err := row.Scan(&c.ID, &c.OrgID, &c.AdviserID, &c.Ref, &c.OpenedOn, &c.FormalReport, &c.ClosedOn, &c.HasNote, &c.Contacts, &c.Minutes)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.adviser_case_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: adviser case: %w", err)
	}
	c.OpenedOn = adviserDay(c.OpenedOn)
	c.ClosedOn = adviserDayPtr(c.ClosedOn)
	return c, nil
}

// AdviserCases lists the adviser's own cases, newest first, with their
// issue kinds, relations and contacts; never the notes.
func (s *Store) AdviserCases(ctx context.Context, orgID, adviserID int64, f AdviserCaseFilter) ([]*domain.AdviserCase, error) {
	var out []*domain.AdviserCase
	err := s.inTx(ctx, func(tx *Tx) error {
		q := `SELECT ` + adviserCaseColumns + ` FROM adviser_cases k WHERE k.org_id = $1 AND k.adviser_id = $2`
		args := []any{orgID, adviserID}
		if f.Year != 0 {
			from, to := adviserYearRange(f.Year)
			q += ` AND k.opened_on >= $3 AND k.opened_on < $4`
			args = append(args, from, to)
		}
		switch f.State {
		case domain.AdviserCaseStateOpen:
			q += ` AND k.closed_on IS NULL`
		case domain.AdviserCaseStateClosed:
			q += ` AND k.closed_on IS NOT NULL`
		}
		rows, err := tx.QueryContext(ctx, q+` ORDER BY k.opened_on DESC, k.id DESC`, args...)
		if err != nil {
			return fmt.Errorf("store: adviser cases: %w", err)
		}
		for rows.Next() {
			c, err := scanAdviserCase(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: adviser cases: %w", err)
		}
		return tx.caseCodes(ctx, orgID, adviserID, out)
	})
	return out, err
}

// caseCodes fills in the issue kinds and relations of the adviser's cases.
func (tx *Tx) caseCodes(ctx context.Context, orgID, adviserID int64, cases []*domain.AdviserCase) error {
	if len(cases) == 0 {
		return nil
	}
	byID := map[int64]*domain.AdviserCase{}
	for _, c := range cases {
		byID[c.ID] = c
	}
	for _, q := range []struct {
		sql  string
		into func(c *domain.AdviserCase, code string)
	}{
		{`SELECT i.case_id, i.kind FROM adviser_case_issues i JOIN adviser_cases k ON k.id = i.case_id
			WHERE k.org_id = $1 AND k.adviser_id = $2`, func(c *domain.AdviserCase, v string) { c.IssueKinds = append(c.IssueKinds, v) }},
		{`SELECT r.case_id, r.relation FROM adviser_case_relations r JOIN adviser_cases k ON k.id = r.case_id
			WHERE k.org_id = $1 AND k.adviser_id = $2`, func(c *domain.AdviserCase, v string) { c.Relations = append(c.Relations, v) }},
	} {
		rows, err := tx.QueryContext(ctx, q.sql, orgID, adviserID)
		if err != nil {
			return fmt.Errorf("store: adviser case codes: %w", err)
		}
		for rows.Next() {
			var id int64
			var code string
			if err := rows.Scan(&id, &code); err != nil {
				rows.Close()
				return fmt.Errorf("store: adviser case codes: %w", err)
			}
			if c := byID[id]; c != nil {
				q.into(c, code)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: adviser case codes: %w", err)
		}
	}
	issues, relations := domain.AdviserIssueKinds(), domain.AdviserRelations
	for _, c := range cases {
		slices.SortFunc(c.IssueKinds, func(a, b string) int { return slices.Index(issues, a) - slices.Index(issues, b) })
		slices.SortFunc(c.Relations, func(a, b string) int {
			return slices.Index(relations, domain.AdviserRelation(a)) - slices.Index(relations, domain.AdviserRelation(b))
		})
	}
	return nil
}

// adviserCase loads one of the adviser's cases, without its note.
func (tx *Tx) adviserCase(ctx context.Context, orgID, adviserID, id int64) (*domain.AdviserCase, error) {
	c, err := scanAdviserCase(tx.QueryRowContext(ctx, `SELECT `+adviserCaseColumns+` FROM adviser_cases k
		WHERE k.id = $1 AND k.org_id = $2 AND k.adviser_id = $3`, id, orgID, adviserID))
	if err != nil {
		return nil, err
	}
	return c, tx.caseCodes(ctx, orgID, adviserID, []*domain.AdviserCase{c})
}

// AdviserCase returns one of the adviser's own cases. When it has a note,
// the note is opened with the keyring (the adviser's own key) and the read
// is audited. Errors: ENOTFOUND for a case of anyone else; EFORBIDDEN when
// the keyring does not open the note.
func (s *Store) AdviserCase(ctx context.Context, actor Actor, orgID, adviserID, id int64, kr Keyring) (*domain.AdviserCase, error) {
	var c *domain.AdviserCase
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.adviserCase(ctx, orgID, adviserID, id); err != nil || !c.HasNote {
			return err
		}
		var sealed []byte
		if err := tx.QueryRowContext(ctx, `SELECT note FROM adviser_cases WHERE id = $1`, id).Scan(&sealed); err != nil {
			return fmt.Errorf("store: adviser case note: %w", err)
		}
		k, err := tx.recordKey(ctx, adviserCaseKind, id, kr)
		if err != nil {
			return err
		}
		if c.Note, err = openText(k, adviserCaseKind, "note", id, sealed); err != nil {
			return err
		}
		return tx.audit(ctx, actor.In(orgID), "adviser.note_read", "adviser_case", id, c.Ref)
	})
	return c, err
}

// CreateAdviserCase opens a case for the adviser and gives it its
// reference (VP-2026-007: the adviser's seventh case opened in 2026). A
// note is sealed to the adviser's own key. Errors: EINVALID.
func (s *Store) CreateAdviserCase(ctx context.Context, actor Actor, orgID, adviserID int64, c *domain.AdviserCase) error {
	c.OpenedOn, c.ClosedOn = adviserDay(c.OpenedOn), adviserDayPtr(c.ClosedOn)
	if err := c.Validate(s.adviserToday()); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error { return tx.insertAdviserCase(ctx, actor, orgID, adviserID, c) })
}

func (tx *Tx) insertAdviserCase(ctx context.Context, actor Actor, orgID, adviserID int64, c *domain.AdviserCase) error {
	if err := tx.userExists(ctx, orgID, adviserID); err != nil {
		return err
	}
	year := c.OpenedOn.Year()
	var n int64
	err := tx.QueryRowContext(ctx, `INSERT INTO adviser_case_numbers (org_id, adviser_id, year, last) VALUES ($1, $2, $3, 1)
		ON CONFLICT (org_id, adviser_id, year) DO UPDATE SET last = adviser_case_numbers.last + 1 RETURNING last`,
		orgID, adviserID, year).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: adviser case number: %w", err)
	}
	c.OrgID, c.AdviserID, c.Ref = orgID, adviserID, fmt.Sprintf("VP-%d-%03d", year, n)
	err = tx.QueryRowContext(ctx, `INSERT INTO adviser_cases (org_id, adviser_id, ref, opened_on, formal_report, closed_on, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
		orgID, adviserID, c.Ref, c.OpenedOn, c.FormalReport, c.ClosedOn, tx.now).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("store: create adviser case: %w", err)
	}
	if err := tx.setCaseCodes(ctx, c); err != nil {
		return err
	}
	if err := tx.setCaseNote(ctx, orgID, adviserID, c.ID, c.Note); err != nil {
		return err
	}
	c.HasNote = c.Note != ""
	return tx.audit(ctx, actor.In(orgID), "adviser.case_create", "adviser_case", c.ID, c.Ref)
}

// UpdateAdviserCase changes one of the adviser's cases: dates, issue kinds,
// relations, formal report, note (an empty note removes it). Errors:
// ENOTFOUND, EINVALID.
func (s *Store) UpdateAdviserCase(ctx context.Context, actor Actor, orgID, adviserID int64, c *domain.AdviserCase) error {
	c.OpenedOn, c.ClosedOn = adviserDay(c.OpenedOn), adviserDayPtr(c.ClosedOn)
	return s.inTx(ctx, func(tx *Tx) error {
		old, err := tx.adviserCase(ctx, orgID, adviserID, c.ID)
		if err != nil {
			return err
		}
		if err := c.Validate(domain.Today(tx.now).UTCMidnight()); err != nil {
			return err
		}
		c.OrgID, c.AdviserID, c.Ref = orgID, adviserID, old.Ref
		if _, err := tx.ExecContext(ctx, `UPDATE adviser_cases SET opened_on = $2, formal_report = $3, closed_on = $4, updated_at = $5
			WHERE id = $1`, c.ID, c.OpenedOn, c.FormalReport, c.ClosedOn, tx.now); err != nil {
			return fmt.Errorf("store: update adviser case: %w", err)
		}
		if err := tx.setCaseCodes(ctx, c); err != nil {
			return err
		}
		if err := tx.setCaseNote(ctx, orgID, adviserID, c.ID, c.Note); err != nil {
			return err
		}
		c.HasNote = c.Note != ""
		detail := c.Ref
		if c.ClosedOn != nil && old.ClosedOn == nil {
			detail += " closed"
		}
		return tx.audit(ctx, actor.In(orgID), "adviser.case_update", "adviser_case", c.ID, detail)
	})
}

// DeleteAdviserCase removes one of the adviser's cases (one entered by
// mistake). Errors: ENOTFOUND; ECONFLICT while contacts are on it.
func (s *Store) DeleteAdviserCase(ctx context.Context, actor Actor, orgID, adviserID, id int64) error {
	return s.inTx(ctx, func(tx *Tx) error {
		c, err := tx.adviserCase(ctx, orgID, adviserID, id)
		if err != nil {
			return err
		}
		if c.Contacts > 0 {
			return domain.Errorf(domain.ECONFLICT, "err.adviser_case_has_contacts", c.Contacts)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM record_grants WHERE kind = $1 AND record_id = $2`, adviserCaseKind, id); err != nil {
			return fmt.Errorf("store: delete adviser case: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM adviser_cases WHERE id = $1`, id); err != nil {
			return fmt.Errorf("store: delete adviser case: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "adviser.case_delete", "adviser_case", id, c.Ref)
	})
}

func (tx *Tx) setCaseCodes(ctx context.Context, c *domain.AdviserCase) error {
	for _, q := range []string{`DELETE FROM adviser_case_issues WHERE case_id = $1`, `DELETE FROM adviser_case_relations WHERE case_id = $1`} {
		if _, err := tx.ExecContext(ctx, q, c.ID); err != nil {
			return fmt.Errorf("store: adviser case codes: %w", err)
		}
	}
	for _, k := range c.IssueKinds {
		if _, err := tx.ExecContext(ctx, `INSERT INTO adviser_case_issues (case_id, kind) VALUES ($1, $2)`, c.ID, k); err != nil {
			return fmt.Errorf("store: adviser case issue: %w", err)
		}
	}
	for _, r := range c.Relations {
		if _, err := tx.ExecContext(ctx, `INSERT INTO adviser_case_relations (case_id, relation) VALUES ($1, $2)`, c.ID, r); err != nil {
			return fmt.Errorf("store: adviser case relation: %w", err)
		}
	}
	return nil
}

// setCaseNote seals the note under a new record key wrapped for the adviser
// alone, or removes it (and its key) when empty.
func (tx *Tx) setCaseNote(ctx context.Context, orgID, adviserID, id int64, note string) error {
	if note == "" {
		if _, err := tx.ExecContext(ctx, `DELETE FROM record_grants WHERE kind = $1 AND record_id = $2`, adviserCaseKind, id); err != nil {
			return fmt.Errorf("store: adviser case note: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE adviser_cases SET note = NULL WHERE id = $1`, id); err != nil {
			return fmt.Errorf("store: adviser case note: %w", err)
		}
		return nil
	}
	recipients, err := tx.userRecipients(ctx, orgID, adviserID, false)
	if err != nil {
		return err
	}
	k, err := tx.newRecordKey(ctx, adviserCaseKind, id, recipients)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE adviser_cases SET note = $2 WHERE id = $1`, id,
		sealText(k, adviserCaseKind, "note", id, note)); err != nil {
		return fmt.Errorf("store: adviser case note: %w", err)
	}
	return nil
}

// adviserYearRange is the first moment of year and of the next, as the advisers'
// dates are stored (midnight UTC).
func adviserYearRange(year int) (time.Time, time.Time) {
	return time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
}
