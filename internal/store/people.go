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
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/integer-nl/integer/internal/domain"
)

// The people register (HR): employees, hired staff and office holders with
// their onboarding dates, and the positions they hold. Every change is
// audited; names are personal data, not report content, and stay readable
// for HR. Callers: hr (the web lets no other role reach these methods), the
// import (actor CLI) and the demo; every method keeps to the organisation
// it is given.

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
	action, detail := "position.update", p.Ref
	if p.ID == 0 {
		action = "position.create"
		err = tx.QueryRowContext(ctx, `INSERT INTO positions (org_id, ref, title, department, designated_publication,
			designated_financial, political, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			p.OrgID, p.Ref, p.Title, p.Department, p.DesignatedPublication, p.DesignatedFinancial, p.Political, tx.now).Scan(&p.ID)
	} else {
		old, oerr := scanPosition(tx.QueryRowContext(ctx, `SELECT `+positionColumns+` FROM positions WHERE org_id = $1 AND id = $2`, p.OrgID, p.ID))
		if oerr != nil {
			return oerr
		}
		detail += " " + strings.Join(p.Changed(old), ",")
		_, err = tx.ExecContext(ctx, `UPDATE positions SET ref = $3, title = $4, department = $5, designated_publication = $6,
			designated_financial = $7, political = $8 WHERE org_id = $1 AND id = $2`,
			p.OrgID, p.ID, p.Ref, p.Title, p.Department, p.DesignatedPublication, p.DesignatedFinancial, p.Political)
	}
	if isUniqueViolation(err) {
		return &domain.Error{Code: domain.ECONFLICT, Key: "err.ref_taken", Args: []any{p.Ref}, Field: "ref"}
	}
	if err != nil {
		return fmt.Errorf("store: save position: %w", err)
	}
	return tx.audit(ctx, actor.In(p.OrgID), action, "position", p.ID, strings.TrimSpace(detail))
}

// Positions lists the organisation's positions by ref.
func (s *Store) Positions(ctx context.Context, orgID int64) ([]*domain.Position, error) {
	return queryAll(ctx, s.db, "positions", scanPosition, `SELECT `+positionColumns+` FROM positions WHERE org_id = $1 ORDER BY ref`, orgID)
}

// Position returns one position of the organisation, or ENOTFOUND.
func (s *Store) Position(ctx context.Context, orgID, id int64) (*domain.Position, error) {
	return scanPosition(s.db.QueryRowContext(ctx, `SELECT `+positionColumns+` FROM positions WHERE org_id = $1 AND id = $2`, orgID, id))
}

const personColumns = `id, org_id, ref, name, employment, COALESCE(position_id, 0), department, start_on, end_on, vog_on,
	oath_on, oath_kind, oath_witness, declaration_on, confidential_on, intro_training_on, COALESCE(user_id, 0), onboarding_destroyed_at`

func scanPerson(row interface{ Scan(...any) error }) (*domain.Person, error) {
	p := &domain.Person{}
	err := row.Scan(&p.ID, &p.OrgID, &p.Ref, &p.Name, &p.Employment, &p.PositionID, &p.Department, &p.StartOn, &p.EndOn,
		&p.VOGOn, &p.OathOn, &p.OathKind, &p.OathWitness, &p.DeclarationOn, &p.ConfidentialOn, &p.IntroTrainingOn, &p.UserID,
		&p.OnboardingDestroyedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: person: %w", err)
	}
	p.Normalise() // the dates as days in Amsterdam
	return p, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// dayArg stores a day as the UTC instant of its midnight in Amsterdam, so
// that both engines compare days correctly.
func dayArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return domain.Day(*t).UTC()
}

// SavePerson creates the person, or updates them when p.ID is set. The
// position must be one of the organisation's; the account one of the
// organisation's holding the employee role, linked to no other person.
// Errors: EINVALID, ECONFLICT (ref taken, or the account linked to another
// person), ENOTFOUND.
func (s *Store) SavePerson(ctx context.Context, actor Actor, p *domain.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error { return tx.savePerson(ctx, actor, p) })
}

// SavePeople saves several people in one transaction, each as SavePerson
// does (and audited so): all or none. For seeding and batch corrections;
// an import of the template goes through ImportRegister. Errors: a
// *RowError naming the first person that failed.
func (s *Store) SavePeople(ctx context.Context, actor Actor, people []*domain.Person) error {
	for i, p := range people {
		if err := p.Validate(); err != nil {
			return &RowError{List: "people", Index: i, Err: err}
		}
	}
	return s.inTx(ctx, func(tx *Tx) error {
		for i, p := range people {
			if err := tx.savePerson(ctx, actor, p); err != nil {
				return &RowError{List: "people", Index: i, Err: err}
			}
		}
		return nil
	})
}

func (tx *Tx) personBy(ctx context.Context, orgID int64, where string, arg any) (*domain.Person, error) {
	return scanPerson(tx.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE org_id = $1 AND `+where, orgID, arg))
}

func (tx *Tx) savePerson(ctx context.Context, actor Actor, p *domain.Person) error {
	var old *domain.Person
	if p.ID != 0 {
		var err error
		if old, err = tx.personBy(ctx, p.OrgID, "id = $2", p.ID); err != nil {
			return err
		}
	}
	if p.PositionID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM positions WHERE org_id = $1 AND id = $2`, p.OrgID, p.PositionID).Scan(&n); err != nil || n == 0 {
			return domain.FieldError("position", "err.choice_invalid")
		}
	}
	if p.UserID != 0 && (old == nil || old.UserID != p.UserID) {
		// A new link: the organisation's account with the employee role.
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id
			WHERE u.org_id = $1 AND u.id = $2 AND r.role = $3`, p.OrgID, p.UserID, string(domain.RoleEmployee)).Scan(&n); err != nil || n == 0 {
			return domain.FieldError("account", "err.choice_invalid")
		}
		var other string
		err := tx.QueryRowContext(ctx, `SELECT CASE WHEN name = '' THEN ref ELSE name END FROM people WHERE org_id = $1 AND user_id = $2 AND id <> $3`,
			p.OrgID, p.UserID, p.ID).Scan(&other)
		if err == nil {
			return &domain.Error{Code: domain.ECONFLICT, Key: "err.account_linked", Args: []any{other}, Field: "account"}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: save person: %w", err)
		}
	}
	args := []any{p.OrgID, p.Ref, p.Name, p.Employment, nullID(p.PositionID), p.Department, dayArg(p.StartOn), dayArg(p.EndOn), dayArg(p.VOGOn),
		dayArg(p.OathOn), p.OathKind, p.OathWitness, dayArg(p.DeclarationOn), dayArg(p.ConfidentialOn), dayArg(p.IntroTrainingOn), nullID(p.UserID)}
	var err error
	action, detail := "person.update", p.Ref
	if old == nil {
		action = "person.create"
		err = tx.QueryRowContext(ctx, `INSERT INTO people (org_id, ref, name, employment, position_id, department, start_on, end_on,
			vog_on, oath_on, oath_kind, oath_witness, declaration_on, confidential_on, intro_training_on, user_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
			append(args, tx.now)...).Scan(&p.ID)
	} else {
		detail += " " + strings.Join(p.Changed(old), ",")
		_, err = tx.ExecContext(ctx, `UPDATE people SET ref = $2, name = $3, employment = $4, position_id = $5, department = $6,
			start_on = $7, end_on = $8, vog_on = $9, oath_on = $10, oath_kind = $11, oath_witness = $12, declaration_on = $13,
			confidential_on = $14, intro_training_on = $15, user_id = $16 WHERE org_id = $1 AND id = $17`, append(args, p.ID)...)
	}
	if isUniqueViolation(err) {
		return &domain.Error{Code: domain.ECONFLICT, Key: "err.ref_taken", Args: []any{p.Ref}, Field: "ref"}
	}
	if err != nil {
		return fmt.Errorf("store: save person: %w", err)
	}
	return tx.audit(ctx, actor.In(p.OrgID), action, "person", p.ID, strings.TrimSpace(detail))
}

// DeletePerson removes a person from the register (e.g. entered by
// mistake). Errors: ENOTFOUND; ECONFLICT when another register (gifts,
// outside activities) names the person: they keep their place there, and an
// end date says they left.
func (s *Store) DeletePerson(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.inTx(ctx, func(tx *Tx) error {
		old, err := tx.personBy(ctx, orgID, "id = $2", id)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM people WHERE org_id = $1 AND id = $2`, orgID, id)
		if isPersonReferenced(err) {
			return domain.Errorf(domain.ECONFLICT, "err.person_in_use")
		}
		if err != nil {
			return fmt.Errorf("store: delete person: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "person.delete", "person", id, old.Ref)
	})
}

// isPersonReferenced reports whether err is a foreign-key violation on
// either engine: a row of another register still names the person.
func isPersonReferenced(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23503"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		return sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return strings.Contains(err.Error(), "FOREIGN KEY constraint failed")
}

// PeopleFilter narrows the people list.
type PeopleFilter struct {
	Department string
	Employment string
	PositionID int64 // 0 = any
	Current    bool  // only those who have not left
	Left       bool  // only those who have left
	Gaps       bool  // only those who lack an onboarding item they owe
	Search     string
	Sort       string // one of PeopleSorts; "" = name
}

// PeopleSorts are the orders of the people list: by name (the default), by
// the HR number, by department, newest start first, most gaps first.
var PeopleSorts = []string{"name", "ref", "department", "start", "gaps"}

// People lists the organisation's people narrowed by the filter, by name
// and ref unless the filter sorts otherwise.
func (s *Store) People(ctx context.Context, orgID int64, f PeopleFilter) ([]*domain.Person, error) {
	q := `SELECT ` + personColumns + ` FROM people WHERE org_id = $1`
	args := []any{orgID}
	add := func(cond string, v any) {
		args = append(args, v)
		q += " AND " + strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args)))
	}
	if f.Department != "" {
		add("department = ?", f.Department)
	}
	if f.Employment != "" {
		add("employment = ?", f.Employment)
	}
	if f.PositionID != 0 {
		add("position_id = ?", f.PositionID)
	}
	now := s.now()
	today := domain.Day(now).UTC()
	if f.Current {
		add("(end_on IS NULL OR end_on >= ?)", today)
	}
	if f.Left {
		add("end_on < ?", today)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: people: %w", err)
	}
	defer rows.Close()
	var out []*domain.Person
	search := strings.ToLower(strings.TrimSpace(f.Search))
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		if f.Gaps && len(p.Gaps(now)) == 0 {
			continue
		}
		if search != "" && !strings.Contains(strings.ToLower(p.Name), search) && !strings.Contains(strings.ToLower(p.Ref), search) {
			continue
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: people: %w", err)
	}
	sortPeople(out, f.Sort, now)
	return out, nil
}

// Starters returns the organisation's people who started in year (start_on
// within the year in Amsterdam, as OnboardingCounts counts them), in no
// particular order: the basic norms' scorecard reads only these, where
// People would read and sort every person twice (45,000 in the load test's
// organisation, most of the annual report's time). Errors: only internal.
func (s *Store) Starters(ctx context.Context, orgID int64, year int) ([]*domain.Person, error) {
	from, to := recYearRange(year)
	rows, err := s.db.QueryContext(ctx, `SELECT `+personColumns+` FROM people
		WHERE org_id = $1 AND start_on >= $2 AND start_on < $3`, orgID, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: starters: %w", err)
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
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: starters: %w", err)
	}
	return out, nil
}

// sortPeople orders the list in Go, so that both engines give the same
// order whatever their collation: letters compare without case.
func sortPeople(list []*domain.Person, sort string, now time.Time) {
	byName := func(a, b *domain.Person) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Ref, b.Ref))
	}
	slices.SortFunc(list, func(a, b *domain.Person) int {
		switch sort {
		case "ref":
			return cmp.Compare(a.Ref, b.Ref)
		case "department":
			return cmp.Or(cmp.Compare(strings.ToLower(a.Department), strings.ToLower(b.Department)), byName(a, b))
		case "start":
			return cmp.Or(compareDays(b.StartOn, a.StartOn), byName(a, b))
		case "gaps":
			return cmp.Or(cmp.Compare(len(b.Gaps(now)), len(a.Gaps(now))), compareDays(a.StartOn, b.StartOn), byName(a, b))
		}
		return byName(a, b)
	})
}

// compareDays orders dates with unknown ones last.
func compareDays(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
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

// Departments lists the departments the organisation's people and
// positions name, sorted, for the filters.
func (s *Store) Departments(ctx context.Context, orgID int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT department FROM people WHERE org_id = $1 AND department <> ''
		UNION SELECT department FROM positions WHERE org_id = $1 AND department <> ''`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: departments: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, fmt.Errorf("store: departments: %w", err)
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return out, rows.Err()
}

// OnboardingCounts counts the onboarding items done in year (by their dates
// in Amsterdam) among the staff in the register, including those who left
// since and those whose onboarding record was destroyed since (their kept
// facts): the figures of the annual report. Political office holders are
// not counted: their oath before the council is no employee's. Errors: only
// internal.
func (s *Store) OnboardingCounts(ctx context.Context, orgID int64, year int) (domain.OnboardingCounts, error) {
	from, to := recYearRange(year)
	in := func(col string) string {
		return `COALESCE(SUM(CASE WHEN ` + col + ` >= $2 AND ` + col + ` < $3 THEN 1 ELSE 0 END), 0)`
	}
	c := domain.OnboardingCounts{Year: year}
	// The people in the register, and the kept facts of those whose
	// onboarding record was destroyed (the same columns): the year's
	// figures stay the same after destruction.
	for _, table := range []string{"people", "retained_onboarding_facts"} {
		var n domain.OnboardingCounts
		err := s.db.QueryRowContext(ctx, `SELECT `+in("start_on")+`,
			COALESCE(SUM(CASE WHEN oath_on >= $2 AND oath_on < $3 AND oath_kind = $4 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN oath_on >= $2 AND oath_on < $3 AND oath_kind = $5 THEN 1 ELSE 0 END), 0),
			`+in("vog_on")+`, `+in("declaration_on")+`, `+in("confidential_on")+`, `+in("intro_training_on")+`
			FROM `+table+` WHERE org_id = $1 AND employment <> $6`, orgID, from, to,
			domain.OathKindOath, domain.OathKindAffirmation, domain.EmploymentOfficeHolder).Scan(&n.Started, &n.Oaths, &n.Affirmations, &n.VOGs, &n.Declarations,
			&n.Confidentiality, &n.IntroTrainings)
		if err != nil {
			return c, fmt.Errorf("store: onboarding counts: %w", err)
		}
		c.Started, c.Oaths, c.Affirmations, c.VOGs = c.Started+n.Started, c.Oaths+n.Oaths, c.Affirmations+n.Affirmations, c.VOGs+n.VOGs
		c.Declarations, c.Confidentiality, c.IntroTrainings = c.Declarations+n.Declarations, c.Confidentiality+n.Confidentiality, c.IntroTrainings+n.IntroTrainings
	}
	c.Sworn = c.Oaths + c.Affirmations
	return c, nil
}

// ImportPeople stores positions and people in one transaction, creating new
// refs and updating known ones (refs are keys, so importing the same file
// twice changes nothing the second time). People name their position by
// ref in positionRefs (person index → position ref, "" for none). It stores
// nothing when any row fails; the error is a *RowError naming the list and
// the index of the first row that failed, wrapping the field's error.
// Every column of the template is taken from the rows; see ImportRegister
// for files with fewer columns.
func (s *Store) ImportPeople(ctx context.Context, actor Actor, orgID int64, positions []*domain.Position, people []*domain.Person, positionRefs []string) (created, updated int, err error) {
	res, err := s.ImportRegister(ctx, actor, orgID, RegisterImport{Positions: positions, People: people, PositionRefs: positionRefs})
	return res.Created, res.Updated + res.Unchanged, err
}

// RegisterImport is what an import of the people register stores.
type RegisterImport struct {
	Positions       []*domain.Position
	PositionColumns []string // the template's columns the positions file has; nil = all
	People          []*domain.Person
	PositionRefs    []string // per person: the ref of their position, "" for none
	PeopleColumns   []string // the template's columns the people file has; nil = all
}

// ImportResult counts what an import did with the people (and positions).
type ImportResult struct {
	Created, Updated, Unchanged int // people
	PositionsCreated            int
	PositionsUpdated            int // including unchanged ones
}

// ImportRegister stores an import all or nothing. A known ref is updated
// in the columns the file has only, so a file without names keeps the names
// typed in by hand, and what the template lacks (end date, witness,
// confidentiality statement, introduction training, linked account) stays.
// A row that changes nothing is not written. Errors: a *RowError for the
// first row that fails (index from 0 in its list), nothing stored.
func (s *Store) ImportRegister(ctx context.Context, actor Actor, orgID int64, in RegisterImport) (ImportResult, error) {
	var res ImportResult
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		if res, err = tx.importRegister(ctx, actor, orgID, in); err != nil {
			return err
		}
		return tx.audit(ctx, actor.In(orgID), "people.import", "organisation", orgID,
			fmt.Sprintf("%d positions, %d people: %d created, %d updated, %d unchanged",
				len(in.Positions), len(in.People), res.Created, res.Updated, res.Unchanged))
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
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
