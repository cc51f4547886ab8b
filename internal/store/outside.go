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

	"github.com/integer-nl/integer/internal/domain"
)

// Outside activities (nevenwerkzaamheden) belong to HR: the web lets the hr
// role reach every method here, and an employee only their own
// registrations (by person), which the store creates unassessed. Every
// method keeps to the organisation it is given. Nothing is sealed; what the
// public register shows is decided by domain.OutsideActivity.Published and
// nothing else (OutsideRegister).

// OutsideFilter narrows the list of outside activities.
type OutsideFilter struct {
	Year       int    // by the day it was reported, in Amsterdam; 0 = every year
	Assessment string // "" = every assessment
	Published  string // "yes": shown in the public register today; "no": not; "" = both
	PersonID   int64  // 0 = everybody
	Sort       string // "date" (newest report first, the default), "date_asc", "person" (by name) or "assessment" (pending first)
}

// OutsideSorts are the values of OutsideFilter.Sort.
var OutsideSorts = []string{"date", "date_asc", "person", "assessment"}

const outsideSelect = `SELECT oa.id, oa.org_id, oa.person_id, COALESCE(oa.position_id, 0), oa.activity, oa.organisation, oa.paid,
	oa.hours_per_month, oa.income_eur, oa.reported_on, oa.start_on, oa.end_on, oa.status, oa.assessment, COALESCE(oa.assessed_by, 0),
	oa.assessed_on, oa.reasons, oa.confirmed_on, oa.created_at, oa.updated_at,
	p.name, p.ref, p.end_on, COALESCE(pos.title, ''), COALESCE(pos.political, ''), COALESCE(pos.designated_publication, FALSE),
	COALESCE(NULLIF(u.display_name, ''), u.username, '')
	FROM outside_activities oa
	JOIN people p ON p.id = oa.person_id AND p.org_id = oa.org_id
	LEFT JOIN positions pos ON pos.id = oa.position_id AND pos.org_id = oa.org_id
	LEFT JOIN users u ON u.id = oa.assessed_by AND u.org_id = oa.org_id
	WHERE oa.org_id = $1`

func scanOutside(row interface{ Scan(...any) error }) (*domain.OutsideActivity, error) {
	a := &domain.OutsideActivity{}
	err := row.Scan(&a.ID, &a.OrgID, &a.PersonID, &a.PositionID, &a.Activity, &a.Organisation, &a.Paid,
		&a.HoursPerMonth, &a.IncomeEUR, &a.ReportedOn, &a.StartOn, &a.EndOn, &a.Status, &a.Assessment, &a.AssessedBy,
		&a.AssessedOn, &a.Reasons, &a.ConfirmedOn, &a.CreatedAt, &a.UpdatedAt,
		&a.PersonName, &a.PersonRef, &a.PersonLeftOn, &a.PositionTitle, &a.PositionPolitical, &a.PositionDesignated,
		&a.AssessorName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "outside.err_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: outside activity: %w", err)
	}
	a.Normalise()
	return a, nil
}

// outsideDay is a day as stored: its first moment in Amsterdam, in UTC.
func outsideDay(t *time.Time) any {
	if t == nil {
		return nil
	}
	return domain.Day(*t).UTC()
}

// OutsideActivities lists the organisation's outside activities narrowed
// by the filter. Callers: hr; an employee through OutsideFilter.PersonID
// set to their own person. Errors: only internal.
func (s *Store) OutsideActivities(ctx context.Context, orgID int64, f OutsideFilter) ([]*domain.OutsideActivity, error) {
	q := outsideSelect
	args := []any{orgID}
	add := func(cond string, v any) {
		args = append(args, v)
		q += " AND " + strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args)))
	}
	if f.Year != 0 {
		from, to := recYearRange(f.Year)
		add("oa.reported_on >= ?", from)
		add("oa.reported_on < ?", to)
	}
	if f.Assessment != "" {
		add("oa.assessment = ?", f.Assessment)
	}
	if f.PersonID != 0 {
		add("oa.person_id = ?", f.PersonID)
	}
	if f.Sort == "date_asc" {
		q += " ORDER BY oa.reported_on, oa.id"
	} else {
		q += " ORDER BY oa.reported_on DESC, oa.id DESC"
	}
	list, err := s.queryOutside(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	if f.Published != "" {
		today := s.now()
		list = slices.DeleteFunc(list, func(a *domain.OutsideActivity) bool {
			return a.Published(today) != (f.Published == string(domain.YesNoYes))
		})
	}
	switch f.Sort {
	case "person":
		slices.SortStableFunc(list, func(a, b *domain.OutsideActivity) int {
			return cmp.Or(cmp.Compare(strings.ToLower(a.PersonName), strings.ToLower(b.PersonName)), cmp.Compare(a.PersonRef, b.PersonRef))
		})
	case "assessment":
		sortByCodeOrder(list, domain.OutsideAssessments, func(a *domain.OutsideActivity) domain.OutsideAssessment { return a.Assessment })
	}
	return list, nil
}

func (s *Store) queryOutside(ctx context.Context, q string, args ...any) ([]*domain.OutsideActivity, error) {
	out, err := queryAll(ctx, s.db, "outside activities", scanOutside, q, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// OutsideActivity returns one outside activity of the organisation.
// Callers: hr. Errors: ENOTFOUND, also for another organisation's.
func (s *Store) OutsideActivity(ctx context.Context, orgID, id int64) (*domain.OutsideActivity, error) {
	return scanOutside(s.db.QueryRowContext(ctx, outsideSelect+` AND oa.id = $2`, orgID, id))
}

// OwnOutsideActivity returns one outside activity of the person. Callers:
// the employee the person is linked to. Errors: ENOTFOUND, also for
// another person's activity.
func (s *Store) OwnOutsideActivity(ctx context.Context, orgID, personID, id int64) (*domain.OutsideActivity, error) {
	return scanOutside(s.db.QueryRowContext(ctx, outsideSelect+` AND oa.id = $2 AND oa.person_id = $3`, orgID, id, personID))
}

// outsideResolve checks the activity's person and position against the
// organisation, gives it the person's position when it names none, and
// refuses an income for a position that is no political office.
func (tx *Tx) outsideResolve(ctx context.Context, orgID int64, a *domain.OutsideActivity) error {
	var personPos sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT position_id FROM people WHERE org_id = $1 AND id = $2`, orgID, a.PersonID).Scan(&personPos)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.FieldError("person", "outside.err_person")
	}
	if err != nil {
		return fmt.Errorf("store: outside activity person: %w", err)
	}
	if a.PositionID == 0 {
		a.PositionID = personPos.Int64
	}
	political := ""
	if a.PositionID != 0 {
		err := tx.QueryRowContext(ctx, `SELECT political FROM positions WHERE org_id = $1 AND id = $2`, orgID, a.PositionID).Scan(&political)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.FieldError("position", "outside.err_position")
		}
		if err != nil {
			return fmt.Errorf("store: outside activity position: %w", err)
		}
	}
	if a.IncomeEUR != nil && political == "" {
		return domain.FieldError("income_eur", "outside.err_income_official")
	}
	return nil
}

// CreateOutsideActivity stores a new outside activity, unassessed
// (pending, whatever a says), and sets a.ID. Without a position it gets
// the person's. Callers: hr, and an employee for their own person.
// Errors: EINVALID naming the field (also for another organisation's
// person or position, and for an income outside a political office).
func (s *Store) CreateOutsideActivity(ctx context.Context, actor Actor, orgID int64, a *domain.OutsideActivity) error {
	a.Assessment, a.AssessedBy, a.AssessedOn = domain.OutsideAssessmentPending, 0, nil
	a.Reasons = ""
	if err := a.Validate(s.now()); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.outsideResolve(ctx, orgID, a); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO outside_activities (org_id, person_id, position_id, activity, organisation, paid,
			hours_per_month, income_eur, reported_on, start_on, end_on, status, assessment, reasons, confirmed_on, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, '', $14, $15, $15) RETURNING id`,
			orgID, a.PersonID, nullID(a.PositionID), a.Activity, a.Organisation, a.Paid, a.HoursPerMonth, a.IncomeEUR,
			a.ReportedOn.UTC(), outsideDay(a.StartOn), outsideDay(a.EndOn), a.Status, a.Assessment, outsideDay(a.ConfirmedOn), tx.now).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("store: create outside activity: %w", err)
		}
		a.OrgID, a.CreatedAt, a.UpdatedAt = orgID, tx.now, tx.now
		return tx.audit(ctx, actor.In(orgID), "outside.create", "outside_activity", a.ID, string(a.Status))
	})
}

// UpdateOutsideActivity changes the reported facts of an activity (not its
// assessment: AssessOutsideActivity). Callers: hr. Errors: ENOTFOUND;
// EINVALID naming the field.
func (s *Store) UpdateOutsideActivity(ctx context.Context, actor Actor, orgID int64, a *domain.OutsideActivity) error {
	if err := a.Validate(s.now()); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		old, err := scanOutside(tx.QueryRowContext(ctx, outsideSelect+` AND oa.id = $2`, orgID, a.ID))
		if err != nil {
			return err
		}
		if err := tx.outsideResolve(ctx, orgID, a); err != nil {
			return err
		}
		if old.AssessedOn != nil && old.AssessedOn.Before(a.ReportedOn) {
			return domain.FieldError("reported_on", "outside.err_reported_after_assessed")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outside_activities SET person_id = $3, position_id = $4, activity = $5, organisation = $6,
			paid = $7, hours_per_month = $8, income_eur = $9, reported_on = $10, start_on = $11, end_on = $12, status = $13,
			confirmed_on = $14, updated_at = $15 WHERE org_id = $1 AND id = $2`,
			orgID, a.ID, a.PersonID, nullID(a.PositionID), a.Activity, a.Organisation, a.Paid, a.HoursPerMonth, a.IncomeEUR,
			a.ReportedOn.UTC(), outsideDay(a.StartOn), outsideDay(a.EndOn), a.Status, outsideDay(a.ConfirmedOn), tx.now); err != nil {
			return fmt.Errorf("store: update outside activity: %w", err)
		}
		changed := outsideChanges(old, a)
		a.OrgID, a.CreatedAt, a.UpdatedAt = orgID, old.CreatedAt, tx.now
		a.Assessment, a.AssessedBy, a.AssessedOn, a.Reasons = old.Assessment, old.AssessedBy, old.AssessedOn, old.Reasons
		return tx.audit(ctx, actor.In(orgID), "outside.update", "outside_activity", a.ID, strings.Join(changed, ","))
	})
}

// outsideChanges names the fields an update changes, for the audit log.
func outsideChanges(old, a *domain.OutsideActivity) []string {
	sameDay := func(x, y *time.Time) bool { return (x == nil) == (y == nil) && (x == nil || x.Equal(*y)) }
	sameInt := func(x, y *int64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	var changed []string
	for _, c := range []struct {
		name string
		same bool
	}{
		{"person", old.PersonID == a.PersonID}, {"position", old.PositionID == a.PositionID}, {"activity", old.Activity == a.Activity},
		{"organisation", old.Organisation == a.Organisation}, {"paid", old.Paid == a.Paid}, {"hours_per_month", old.HoursPerMonth == a.HoursPerMonth},
		{"income_eur", sameInt(old.IncomeEUR, a.IncomeEUR)}, {"reported_on", old.ReportedOn.Equal(a.ReportedOn)},
		{"start_on", sameDay(old.StartOn, a.StartOn)}, {"end_on", sameDay(old.EndOn, a.EndOn)}, {"status", old.Status == a.Status},
		{"confirmed_on", sameDay(old.ConfirmedOn, a.ConfirmedOn)},
	} {
		if !c.same {
			changed = append(changed, c.name)
		}
	}
	return changed
}

// AssessOutsideActivity records the assessment of an activity: which, on
// which day, with which reasons, by the actor's user. Back to pending
// clears the day and the assessor. Callers: hr (never an employee).
// Errors: ENOTFOUND; EINVALID naming the field.
func (s *Store) AssessOutsideActivity(ctx context.Context, actor Actor, orgID, id int64, assessment domain.OutsideAssessment, reasons string, on *time.Time) error {
	return s.inTx(ctx, func(tx *Tx) error {
		a, err := scanOutside(tx.QueryRowContext(ctx, outsideSelect+` AND oa.id = $2`, orgID, id))
		if err != nil {
			return err
		}
		a.Assessment, a.Reasons, a.AssessedOn, a.AssessedBy = assessment, reasons, on, actor.UserID
		if errs := a.CheckAssessment(tx.now); len(errs) > 0 {
			return errs[0]
		}
		if a.Assessment == domain.OutsideAssessmentPending {
			a.AssessedOn, a.AssessedBy = nil, 0
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outside_activities SET assessment = $3, reasons = $4, assessed_on = $5, assessed_by = $6,
			updated_at = $7 WHERE org_id = $1 AND id = $2`,
			orgID, id, a.Assessment, a.Reasons, outsideDay(a.AssessedOn), nullID(a.AssessedBy), tx.now); err != nil {
			return fmt.Errorf("store: assess outside activity: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "outside.assess", "outside_activity", id, string(a.Assessment))
	})
}

// ConfirmOutsideActivity records that the activity's holder confirmed it
// again today. personID limits it to that person's activities (0: any).
// Callers: hr (any), an employee (their own). Errors: ENOTFOUND.
func (s *Store) ConfirmOutsideActivity(ctx context.Context, actor Actor, orgID, personID, id int64) error {
	return s.inTx(ctx, func(tx *Tx) error {
		today := domain.Day(tx.now)
		q, args := `UPDATE outside_activities SET confirmed_on = $3, updated_at = $4 WHERE org_id = $1 AND id = $2`,
			[]any{orgID, id, today.UTC(), tx.now}
		if personID != 0 {
			q, args = q+` AND person_id = $5`, append(args, personID)
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("store: confirm outside activity: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "outside.err_not_found")
		}
		return tx.audit(ctx, actor.In(orgID), "outside.confirm", "outside_activity", id, "")
	})
}

// DeleteOutsideActivity removes an activity. Callers: hr. Errors:
// ENOTFOUND.
func (s *Store) DeleteOutsideActivity(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.deleteRecord(ctx, actor, orgID, id, "outside_activities", "outside_activity", "outside.delete", "outside.err_not_found")
}

// OutsideToReconfirm lists the activities whose holder must confirm them
// again today (domain.OutsideActivity.NeedsReconfirmation), the longest
// unconfirmed first. Callers: hr. Errors: only internal.
func (s *Store) OutsideToReconfirm(ctx context.Context, orgID int64) ([]*domain.OutsideActivity, error) {
	list, err := s.OutsideActivities(ctx, orgID, OutsideFilter{Sort: "date_asc"})
	if err != nil {
		return nil, err
	}
	today := s.now()
	list = slices.DeleteFunc(list, func(a *domain.OutsideActivity) bool { return !a.NeedsReconfirmation(today) })
	slices.SortStableFunc(list, func(a, b *domain.OutsideActivity) int { return a.LastConfirmed().Compare(b.LastConfirmed()) })
	return list, nil
}

// OutsideRegister returns the organisation's public register of outside
// activities as of today: exactly the activities
// domain.OutsideActivity.Published admits, and of each only the public
// fields (domain.RegisterEntry). The rule:
//
//   - political office holders (a position with a political office:
//     councillor, alderman, mayor) are published by name, with the
//     position's title, every outside position whatever its assessment
//     (the Gemeentewet obliges them to publish all: art. 12, 41b, 67), and
//     the yearly income from it where it was recorded (the law asks it of
//     aldermen and the mayor);
//   - officials are published only when the activity was reported for a
//     position designated for publication (Ambtenarenwet 2017 art. 5) and
//     allowed, with or without conditions; they appear by the position's
//     title, never by name, and without hours or income, as Dutch
//     municipalities publish them;
//   - only what runs today: an activity that ended, or whose holder left
//     the organisation, is no longer shown;
//   - never: pending or refused activities of officials, activities of
//     positions that are not designated, hours, reasons, assessors, dates.
//
// Office holders come first (mayor, aldermen, councillors, each by name),
// then officials by position title. Callers: anyone, without a login.
// Errors: only internal.
func (s *Store) OutsideRegister(ctx context.Context, orgID int64) ([]domain.RegisterEntry, error) {
	list, err := s.queryOutside(ctx, outsideSelect+` AND (pos.political <> '' OR pos.designated_publication = $2)`, orgID, true)
	if err != nil {
		return nil, err
	}
	today := s.now()
	var out []domain.RegisterEntry
	for _, a := range list {
		if a.Published(today) {
			out = append(out, a.PublicEntry())
		}
	}
	rank := func(e domain.RegisterEntry) int {
		if e.Office == "" {
			return len(domain.PoliticalOffices)
		}
		return len(domain.PoliticalOffices) - 1 - slices.Index(domain.PoliticalOffices, e.Office) // mayor, alderman, councillor
	}
	slices.SortStableFunc(out, func(a, b domain.RegisterEntry) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)),
			cmp.Compare(strings.ToLower(a.PositionTitle), strings.ToLower(b.PositionTitle)),
			cmp.Compare(strings.ToLower(a.Activity), strings.ToLower(b.Activity)))
	})
	return out, nil
}

// OutsideActivityCounts returns the figures of the activities reported in
// year (in Amsterdam) for the annual report: how many, by assessment, and
// how many of them are of a kind the public register shows
// (domain.OutsideActivity.Publishable: published while they run).
// Callers: hr and the annual report. Errors: only internal.
func (s *Store) OutsideActivityCounts(ctx context.Context, orgID int64, year int) (domain.OutsideCounts, error) {
	list, err := s.OutsideActivities(ctx, orgID, OutsideFilter{Year: year})
	if err != nil {
		return domain.OutsideCounts{}, err
	}
	c := domain.OutsideCounts{Year: year}
	for _, a := range list {
		c.Add(a)
	}
	return c, nil
}

// OutsideCountsByYear returns OutsideActivityCounts for every year with
// reported activities, newest first. Callers: hr. Errors: only internal.
func (s *Store) OutsideCountsByYear(ctx context.Context, orgID int64) ([]domain.OutsideCounts, error) {
	list, err := s.OutsideActivities(ctx, orgID, OutsideFilter{})
	if err != nil {
		return nil, err
	}
	out := countsByYear(list, func(x *domain.OutsideActivity) int { return x.ReportedOn.Year() }, func(y int) domain.OutsideCounts { return domain.OutsideCounts{Year: y} }, (*domain.OutsideCounts).Add)
	return out, nil
}
