package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/integer-nl/integer/internal/domain"
)

// The people register (HR): employees, hired staff and office holders with
// their onboarding dates, and the positions they hold. Every change is
// audited; names are personal data, not report content, and stay readable
// for HR.

const positionColumns = `id, org_id, ref, title, department, designated_publication, designated_financial, political`

func scanPosition(row interface{ Scan(...any) error }) (*domain.Position, error) {
	p := &domain.Position{}
	err := row.Scan(&p.ID, &p.OrgID, &p.Ref, &p.Title, &p.Department, &p.DesignatedPublication, &p.DesignatedFinancial, &p.Political)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: position: %w", err)
	}
	return p, nil
}

// SavePosition creates the position, or updates it when p.ID is set.
// Errors: EINVALID, ECONFLICT (ref taken), ENOTFOUND.
func (s *Store) SavePosition(ctx context.Context, actor Actor, p *domain.Position) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error { return tx.savePosition(ctx, actor, p) })
}

func (tx *Tx) savePosition(ctx context.Context, actor Actor, p *domain.Position) error {
	var err error
	action := "position.update"
	if p.ID == 0 {
		action = "position.create"
		err = tx.QueryRowContext(ctx, `INSERT INTO positions (org_id, ref, title, department, designated_publication,
			designated_financial, political, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			p.OrgID, p.Ref, p.Title, p.Department, p.DesignatedPublication, p.DesignatedFinancial, p.Political, tx.now).Scan(&p.ID)
	} else {
		var res sql.Result
		res, err = tx.ExecContext(ctx, `UPDATE positions SET ref = $3, title = $4, department = $5, designated_publication = $6,
			designated_financial = $7, political = $8 WHERE org_id = $1 AND id = $2`,
			p.OrgID, p.ID, p.Ref, p.Title, p.Department, p.DesignatedPublication, p.DesignatedFinancial, p.Political)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
			}
		}
	}
	if isUniqueViolation(err) {
		return &domain.Error{Code: domain.ECONFLICT, Key: "err.ref_taken", Args: []any{p.Ref}, Field: "ref"}
	}
	if err != nil {
		return fmt.Errorf("store: save position: %w", err)
	}
	return tx.audit(ctx, actor.In(p.OrgID), action, "position", p.ID, p.Ref)
}

// Positions lists the organisation's positions by ref.
func (s *Store) Positions(ctx context.Context, orgID int64) ([]*domain.Position, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+positionColumns+` FROM positions WHERE org_id = $1 ORDER BY ref`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: positions: %w", err)
	}
	defer rows.Close()
	var out []*domain.Position
	for rows.Next() {
		p, err := scanPosition(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Position returns one position of the organisation, or ENOTFOUND.
func (s *Store) Position(ctx context.Context, orgID, id int64) (*domain.Position, error) {
	return scanPosition(s.db.QueryRowContext(ctx, `SELECT `+positionColumns+` FROM positions WHERE org_id = $1 AND id = $2`, orgID, id))
}

const personColumns = `id, org_id, ref, name, employment, COALESCE(position_id, 0), department, start_on, end_on, vog_on,
	oath_on, oath_kind, oath_witness, declaration_on, confidential_on, intro_training_on, COALESCE(user_id, 0)`

func scanPerson(row interface{ Scan(...any) error }) (*domain.Person, error) {
	p := &domain.Person{}
	err := row.Scan(&p.ID, &p.OrgID, &p.Ref, &p.Name, &p.Employment, &p.PositionID, &p.Department, &p.StartOn, &p.EndOn,
		&p.VOGOn, &p.OathOn, &p.OathKind, &p.OathWitness, &p.DeclarationOn, &p.ConfidentialOn, &p.IntroTrainingOn, &p.UserID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: person: %w", err)
	}
	return p, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// SavePerson creates the person, or updates them when p.ID is set. The
// position must be one of the organisation's. Errors: EINVALID, ECONFLICT
// (ref taken, or the account linked to another person), ENOTFOUND.
func (s *Store) SavePerson(ctx context.Context, actor Actor, p *domain.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error { return tx.savePerson(ctx, actor, p) })
}

func (tx *Tx) savePerson(ctx context.Context, actor Actor, p *domain.Person) error {
	if p.PositionID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM positions WHERE org_id = $1 AND id = $2`, p.OrgID, p.PositionID).Scan(&n); err != nil || n == 0 {
			return domain.FieldError("position", "err.choice_invalid")
		}
	}
	if p.UserID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE org_id = $1 AND id = $2`, p.OrgID, p.UserID).Scan(&n); err != nil || n == 0 {
			return domain.FieldError("account", "err.choice_invalid")
		}
	}
	args := []any{p.OrgID, p.Ref, p.Name, p.Employment, nullID(p.PositionID), p.Department, p.StartOn, p.EndOn, p.VOGOn,
		p.OathOn, p.OathKind, p.OathWitness, p.DeclarationOn, p.ConfidentialOn, p.IntroTrainingOn, nullID(p.UserID)}
	var err error
	action := "person.update"
	if p.ID == 0 {
		action = "person.create"
		err = tx.QueryRowContext(ctx, `INSERT INTO people (org_id, ref, name, employment, position_id, department, start_on, end_on,
			vog_on, oath_on, oath_kind, oath_witness, declaration_on, confidential_on, intro_training_on, user_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
			append(args, tx.now)...).Scan(&p.ID)
	} else {
		var res sql.Result
		res, err = tx.ExecContext(ctx, `UPDATE people SET ref = $2, name = $3, employment = $4, position_id = $5, department = $6,
			start_on = $7, end_on = $8, vog_on = $9, oath_on = $10, oath_kind = $11, oath_witness = $12, declaration_on = $13,
			confidential_on = $14, intro_training_on = $15, user_id = $16 WHERE org_id = $1 AND id = $17`, append(args, p.ID)...)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
			}
		}
	}
	if isUniqueViolation(err) {
		return &domain.Error{Code: domain.ECONFLICT, Key: "err.ref_taken", Args: []any{p.Ref}, Field: "ref"}
	}
	if err != nil {
		return fmt.Errorf("store: save person: %w", err)
	}
	return tx.audit(ctx, actor.In(p.OrgID), action, "person", p.ID, p.Ref)
}

// DeletePerson removes a person from the register (e.g. entered by mistake).
func (s *Store) DeletePerson(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM people WHERE org_id = $1 AND id = $2`, orgID, id)
		if err != nil {
			return fmt.Errorf("store: delete person: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
		}
		return tx.audit(ctx, actor.In(orgID), "person.delete", "person", id, "")
	})
}

// PeopleFilter narrows the people list.
type PeopleFilter struct {
	Department string
	Employment string
	Current    bool // only those who have not left
}

// People lists the organisation's people by name and ref.
func (s *Store) People(ctx context.Context, orgID int64, f PeopleFilter) ([]*domain.Person, error) {
	q := `SELECT ` + personColumns + ` FROM people WHERE org_id = $1`
	args := []any{orgID}
	if f.Department != "" {
		args = append(args, f.Department)
		q += ` AND department = $` + strconv.Itoa(len(args))
	}
	if f.Employment != "" {
		args = append(args, f.Employment)
		q += ` AND employment = $` + strconv.Itoa(len(args))
	}
	if f.Current {
		args = append(args, s.now())
		q += ` AND (end_on IS NULL OR end_on >= $` + strconv.Itoa(len(args)) + `)`
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY name, ref`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: people: %w", err)
	}
	defer rows.Close()
	var out []*domain.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Person returns one person of the organisation, or ENOTFOUND.
func (s *Store) Person(ctx context.Context, orgID, id int64) (*domain.Person, error) {
	return scanPerson(s.db.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE org_id = $1 AND id = $2`, orgID, id))
}

// PersonForUser returns the person linked to an account (employee
// self-service), or ENOTFOUND.
func (s *Store) PersonForUser(ctx context.Context, orgID, userID int64) (*domain.Person, error) {
	return scanPerson(s.db.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE org_id = $1 AND user_id = $2`, orgID, userID))
}

// ImportPeople stores positions and people in one transaction, creating new
// refs and updating known ones (refs are keys, so importing the same file
// twice changes nothing the second time). People name their position by
// ref in positionRefs (person index → position ref, "" for none). It stores
// nothing when any row fails; the error is a *RowError naming the list and
// the index of the first row that failed, wrapping the field's error.
func (s *Store) ImportPeople(ctx context.Context, actor Actor, orgID int64, positions []*domain.Position, people []*domain.Person, positionRefs []string) (created, updated int, err error) {
	err = s.inTx(ctx, func(tx *Tx) error {
		byRef := map[string]int64{}
		for i, p := range positions {
			p.OrgID, p.ID = orgID, 0 // the ref decides: new, or the one stored
			if err := p.Validate(); err != nil {
				return &RowError{List: "positions", Index: i, Err: err}
			}
			var id int64
			if err := tx.QueryRowContext(ctx, `SELECT id FROM positions WHERE org_id = $1 AND ref = $2`, orgID, p.Ref).Scan(&id); err == nil {
				p.ID = id
			}
			if err := tx.savePosition(ctx, actor, p); err != nil {
				return &RowError{List: "positions", Index: i, Err: err}
			}
			byRef[p.Ref] = p.ID
		}
		for i, p := range people {
			p.OrgID, p.ID = orgID, 0
			if ref := positionRefs[i]; ref != "" {
				id, ok := byRef[ref]
				if !ok {
					if err := tx.QueryRowContext(ctx, `SELECT id FROM positions WHERE org_id = $1 AND ref = $2`, orgID, ref).Scan(&id); err != nil {
						return &RowError{List: "people", Index: i, Err: &domain.Error{Code: domain.EINVALID, Key: "err.position_unknown", Args: []any{ref}, Field: "position_ref"}}
					}
				}
				p.PositionID = id
			}
			if err := p.Validate(); err != nil {
				return &RowError{List: "people", Index: i, Err: err}
			}
			var id int64
			if err := tx.QueryRowContext(ctx, `SELECT id FROM people WHERE org_id = $1 AND ref = $2`, orgID, p.Ref).Scan(&id); err == nil {
				p.ID = id
				updated++
			} else {
				created++
			}
			if err := tx.savePerson(ctx, actor, p); err != nil {
				return &RowError{List: "people", Index: i, Err: err}
			}
		}
		return tx.audit(ctx, actor.In(orgID), "people.import", "organisation", orgID,
			fmt.Sprintf("%d positions, %d people", len(positions), len(people)))
	})
	if err != nil {
		created, updated = 0, 0
	}
	return created, updated, err
}

// RowError is a failure of one row of an import: which list, which row
// (from 0), and the field's error within it.
type RowError struct {
	List  string
	Index int
	Err   error
}

func (e *RowError) Error() string { return fmt.Sprintf("%s row %d: %v", e.List, e.Index, e.Err) }

// Unwrap gives the field's error.
func (e *RowError) Unwrap() error { return e.Err }
