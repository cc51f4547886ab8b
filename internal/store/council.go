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

// The council clerk's registers of political and administrative integrity:
// councillors' integrity questions, screenings of candidates and the codes
// of conduct. None names a person, so nothing is sealed; a screening's note
// never goes into an audit entry, an export or the annual report. Every
// change is audited.

// acNotFuture refuses a date after today (Amsterdam): a question, screening
// or adoption that has not happened yet cannot be recorded.
func (tx *Tx) acNotFuture(field string, t time.Time) error {
	if domain.Day(t).After(domain.Day(tx.now)) {
		return domain.FieldError(field, "err.council_date_future")
	}
	return nil
}

// acChanged turns an UPDATE or DELETE that touched no row into ENOTFOUND.
func acChanged(res sql.Result, err error, what, key string) error {
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Errorf(domain.ENOTFOUND, key)
	}
	return nil
}

// --- Questions ---

const questionColumns = `id, org_id, asked_on, mayor_conversation, preliminary_inquiry, topic`

func scanQuestion(sc interface{ Scan(...any) error }) (domain.CouncilQuestion, error) {
	var q domain.CouncilQuestion
	err := sc.Scan(&q.ID, &q.OrgID, &q.Date, &q.MayorConversation, &q.PreliminaryInquiry, &q.Topic)
	return q, err
}

func questionDetail(q *domain.CouncilQuestion) string {
	return fmt.Sprintf("mayor=%t inquiry=%t topic=%s", q.MayorConversation, q.PreliminaryInquiry, q.Topic)
}

// CreateCouncilQuestion records a councillor's integrity question. Errors:
// EINVALID naming the field.
func (s *Store) CreateCouncilQuestion(ctx context.Context, actor Actor, orgID int64, q *domain.CouncilQuestion) error {
	if err := q.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.acNotFuture("date", q.Date); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO council_questions (org_id, asked_on, mayor_conversation, preliminary_inquiry, topic, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
			orgID, q.Date.UTC(), q.MayorConversation, q.PreliminaryInquiry, q.Topic, tx.now).Scan(&q.ID)
		if err != nil {
			return fmt.Errorf("store: create council question: %w", err)
		}
		q.OrgID = orgID
		return tx.audit(ctx, actor.In(orgID), "council.question_create", "council_question", q.ID, questionDetail(q))
	})
}

// UpdateCouncilQuestion replaces a question's fields. Errors: ENOTFOUND,
// EINVALID naming the field.
func (s *Store) UpdateCouncilQuestion(ctx context.Context, actor Actor, orgID int64, q *domain.CouncilQuestion) error {
	if err := q.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.acNotFuture("date", q.Date); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE council_questions SET asked_on = $3, mayor_conversation = $4,
			preliminary_inquiry = $5, topic = $6, updated_at = $7 WHERE id = $1 AND org_id = $2`,
			q.ID, orgID, q.Date.UTC(), q.MayorConversation, q.PreliminaryInquiry, q.Topic, tx.now)
		if err := acChanged(res, err, "update council question", "err.council_question_not_found"); err != nil {
			return err
		}
		q.OrgID = orgID
		return tx.audit(ctx, actor.In(orgID), "council.question_update", "council_question", q.ID, questionDetail(q))
	})
}

// DeleteCouncilQuestion removes a question. Errors: ENOTFOUND.
func (s *Store) DeleteCouncilQuestion(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.deleteRecord(ctx, actor, orgID, id, "council_questions", "council_question", "council.question_delete", "err.council_question_not_found")
}

// CouncilQuestion returns one of the organisation's questions, or ENOTFOUND.
func (s *Store) CouncilQuestion(ctx context.Context, orgID, id int64) (*domain.CouncilQuestion, error) {
	q, err := scanQuestion(s.db.QueryRowContext(ctx, `SELECT `+questionColumns+` FROM council_questions WHERE id = $1 AND org_id = $2`, id, orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.council_question_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: council question: %w", err)
	}
	return &q, nil
}

// CouncilQuestions returns the organisation's questions of year, oldest
// first.
func (s *Store) CouncilQuestions(ctx context.Context, orgID int64, year int) ([]domain.CouncilQuestion, error) {
	from, to := acYearBounds(year)
	return queryAll(ctx, s.db, "council questions", scanQuestion, `SELECT `+questionColumns+` FROM council_questions
		WHERE org_id = $1 AND asked_on >= $2 AND asked_on < $3 ORDER BY asked_on, id`, orgID, from, to)
}

// --- Screenings ---

const screeningColumns = `id, org_id, screened_on, reference, candidate_role, performed_by, outcome, note`

func scanScreening(sc interface{ Scan(...any) error }) (domain.Screening, error) {
	var x domain.Screening
	err := sc.Scan(&x.ID, &x.OrgID, &x.Date, &x.Reference, &x.CandidateRole, &x.PerformedBy, &x.Outcome, &x.Note)
	return x, err
}

// The audit entry names the role and the outcome, never the reference or
// the note.
func screeningDetail(x *domain.Screening) string {
	return string(x.CandidateRole) + " " + string(x.Outcome)
}

// CreateScreening records a screening of a candidate. Errors: EINVALID
// naming the field.
func (s *Store) CreateScreening(ctx context.Context, actor Actor, orgID int64, x *domain.Screening) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.acNotFuture("date", x.Date); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO council_screenings (org_id, screened_on, reference, candidate_role, performed_by, outcome, note, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			orgID, x.Date.UTC(), x.Reference, x.CandidateRole, x.PerformedBy, x.Outcome, x.Note, tx.now).Scan(&x.ID)
		if err != nil {
			return fmt.Errorf("store: create screening: %w", err)
		}
		x.OrgID = orgID
		return tx.audit(ctx, actor.In(orgID), "council.screening_create", "council_screening", x.ID, screeningDetail(x))
	})
}

// UpdateScreening replaces a screening's fields. Errors: ENOTFOUND,
// EINVALID naming the field.
func (s *Store) UpdateScreening(ctx context.Context, actor Actor, orgID int64, x *domain.Screening) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.acNotFuture("date", x.Date); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE council_screenings SET screened_on = $3, reference = $4, candidate_role = $5,
			performed_by = $6, outcome = $7, note = $8, updated_at = $9 WHERE id = $1 AND org_id = $2`,
			x.ID, orgID, x.Date.UTC(), x.Reference, x.CandidateRole, x.PerformedBy, x.Outcome, x.Note, tx.now)
		if err := acChanged(res, err, "update screening", "err.screening_not_found"); err != nil {
			return err
		}
		x.OrgID = orgID
		return tx.audit(ctx, actor.In(orgID), "council.screening_update", "council_screening", x.ID, screeningDetail(x))
	})
}

// DeleteScreening removes a screening. Errors: ENOTFOUND.
func (s *Store) DeleteScreening(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.deleteRecord(ctx, actor, orgID, id, "council_screenings", "council_screening", "council.screening_delete", "err.screening_not_found")
}

// Screening returns one of the organisation's screenings, or ENOTFOUND.
func (s *Store) Screening(ctx context.Context, orgID, id int64) (*domain.Screening, error) {
	x, err := scanScreening(s.db.QueryRowContext(ctx, `SELECT `+screeningColumns+` FROM council_screenings WHERE id = $1 AND org_id = $2`, id, orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.screening_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: screening: %w", err)
	}
	return &x, nil
}

// Screenings returns the organisation's screenings of year, oldest first.
func (s *Store) Screenings(ctx context.Context, orgID int64, year int) ([]domain.Screening, error) {
	from, to := acYearBounds(year)
	return queryAll(ctx, s.db, "screenings", scanScreening, `SELECT `+screeningColumns+` FROM council_screenings
		WHERE org_id = $1 AND screened_on >= $2 AND screened_on < $3 ORDER BY screened_on, id`, orgID, from, to)
}

// --- Codes of conduct ---

const conductColumns = `id, org_id, body, title, version, adopted_on, published_at`

func scanConduct(sc interface{ Scan(...any) error }) (domain.ConductCode, error) {
	var c domain.ConductCode
	err := sc.Scan(&c.ID, &c.OrgID, &c.Body, &c.Title, &c.Version, &c.AdoptedOn, &c.PublishedAt)
	return c, err
}

func conductDetail(c *domain.ConductCode) string { return string(c.Body) + " " + c.Version }

// CreateConductCode records an adopted version of a code of conduct.
// Errors: EINVALID naming the field.
func (s *Store) CreateConductCode(ctx context.Context, actor Actor, orgID int64, c *domain.ConductCode) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.acNotFuture("adopted_on", c.AdoptedOn); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO conduct_codes (org_id, body, title, version, adopted_on, published_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			orgID, c.Body, c.Title, c.Version, c.AdoptedOn.UTC(), c.PublishedAt, tx.now).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("store: create code of conduct: %w", err)
		}
		c.OrgID = orgID
		return tx.audit(ctx, actor.In(orgID), "council.code_create", "conduct_code", c.ID, conductDetail(c))
	})
}

// UpdateConductCode replaces a version's fields. Errors: ENOTFOUND,
// EINVALID naming the field.
func (s *Store) UpdateConductCode(ctx context.Context, actor Actor, orgID int64, c *domain.ConductCode) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.acNotFuture("adopted_on", c.AdoptedOn); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE conduct_codes SET body = $3, title = $4, version = $5, adopted_on = $6,
			published_at = $7, updated_at = $8 WHERE id = $1 AND org_id = $2`,
			c.ID, orgID, c.Body, c.Title, c.Version, c.AdoptedOn.UTC(), c.PublishedAt, tx.now)
		if err := acChanged(res, err, "update code of conduct", "err.conduct_code_not_found"); err != nil {
			return err
		}
		c.OrgID = orgID
		return tx.audit(ctx, actor.In(orgID), "council.code_update", "conduct_code", c.ID, conductDetail(c))
	})
}

// DeleteConductCode removes a version. Errors: ENOTFOUND.
func (s *Store) DeleteConductCode(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.deleteRecord(ctx, actor, orgID, id, "conduct_codes", "conduct_code", "council.code_delete", "err.conduct_code_not_found")
}

// ConductCode returns one of the organisation's versions, or ENOTFOUND.
func (s *Store) ConductCode(ctx context.Context, orgID, id int64) (*domain.ConductCode, error) {
	c, err := scanConduct(s.db.QueryRowContext(ctx, `SELECT `+conductColumns+` FROM conduct_codes WHERE id = $1 AND org_id = $2`, id, orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.conduct_code_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: code of conduct: %w", err)
	}
	return &c, nil
}

// ConductCodes returns the organisation's versions of the codes of conduct
// adopted in year, or all of them when year is 0, oldest first.
func (s *Store) ConductCodes(ctx context.Context, orgID int64, year int) ([]domain.ConductCode, error) {
	q := `SELECT ` + conductColumns + ` FROM conduct_codes WHERE org_id = $1`
	args := []any{orgID}
	if year != 0 {
		from, to := acYearBounds(year)
		q += ` AND adopted_on >= $2 AND adopted_on < $3`
		args = append(args, from, to)
	}
	return queryAll(ctx, s.db, "codes of conduct", scanConduct, q+` ORDER BY adopted_on, id`, args...)
}

// --- Figures ---

// CouncilCounts counts the organisation's questions and screenings of year
// (for the overview and the annual report).
func (s *Store) CouncilCounts(ctx context.Context, orgID int64, year int) (domain.CouncilCounts, error) {
	c := domain.CouncilCounts{Year: year, ScreeningsByOutcome: map[string]int{}}
	qs, err := s.CouncilQuestions(ctx, orgID, year)
	if err != nil {
		return c, err
	}
	for _, q := range qs {
		c.Contacts++
		if q.MayorConversation {
			c.MayorConversations++
		}
		if q.PreliminaryInquiry {
			c.PreliminaryInquiries++
		}
	}
	xs, err := s.Screenings(ctx, orgID, year)
	if err != nil {
		return c, err
	}
	for _, o := range domain.ScreeningOutcomes {
		c.ScreeningsByOutcome[string(o)] = 0
	}
	for _, x := range xs {
		c.Screenings++
		c.ScreeningsByOutcome[string(x.Outcome)]++
	}
	return c, nil
}

// CouncilYears lists the years in which the organisation has questions,
// screenings or adopted codes, newest first.
func (s *Store) CouncilYears(ctx context.Context, orgID int64) ([]int, error) {
	var all []int
	for _, tc := range [][2]string{{"council_questions", "asked_on"}, {"council_screenings", "screened_on"}, {"conduct_codes", "adopted_on"}} {
		years, err := s.acYears(ctx, tc[0], tc[1], orgID)
		if err != nil {
			return nil, err
		}
		for _, y := range years {
			if !slices.Contains(all, y) {
				all = append(all, y)
			}
		}
	}
	slices.Sort(all)
	slices.Reverse(all)
	return all, nil
}
