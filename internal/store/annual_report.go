package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// The annual integrity report (jaarverslag integriteit) is computed from the
// records whenever it is generated: nothing here stores a figure. What is
// stored is the prose a coordinator or controller writes around the
// figures (the foreword and the plans for the coming year), and what is read
// of the reports are only their clear columns, never sealed content.

// AnnualReportSections are the editable prose sections of the annual report.
var AnnualReportSections = []string{"foreword", "plans"}

// MaxAnnualReportText is the longest prose section, in characters.
const MaxAnnualReportText = 20000

// AnnualReportTexts returns the prose sections of the organisation's annual
// report for year, by section; a section never written is absent. Errors:
// only internal.
func (s *Store) AnnualReportTexts(ctx context.Context, orgID int64, year int) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT section, body FROM annual_report_texts
		WHERE org_id = $1 AND year = $2`, orgID, year)
	if err != nil {
		return nil, fmt.Errorf("store: annual report texts: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var section, body string
		if err := rows.Scan(&section, &body); err != nil {
			return nil, fmt.Errorf("store: annual report texts: %w", err)
		}
		out[section] = body
	}
	return out, rows.Err()
}

// SetAnnualReportTexts stores the given prose sections of the annual report
// of year (section → text; an empty text clears the section), in one
// transaction, auditing each section that changed. Errors: EINVALID naming
// the section's field (an unknown section, a text too long, a year out of
// range).
func (s *Store) SetAnnualReportTexts(ctx context.Context, actor Actor, orgID int64, year int, texts map[string]string) error {
	if !domain.YearValid(year) {
		return domain.FieldError("year", "err.date_invalid")
	}
	for section, body := range texts {
		if !slices.Contains(AnnualReportSections, section) {
			return domain.FieldError(section, "err.annual_report_section")
		}
		if len([]rune(body)) > MaxAnnualReportText {
			return domain.FieldError(section, "err.annual_report_text_long", MaxAnnualReportText)
		}
	}
	return s.inTx(ctx, func(tx *Tx) error {
		for _, section := range AnnualReportSections {
			body, ok := texts[section]
			if !ok {
				continue
			}
			body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
			var old string
			err := tx.QueryRowContext(ctx, `SELECT body FROM annual_report_texts WHERE org_id = $1 AND year = $2 AND section = $3`,
				orgID, year, section).Scan(&old)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: annual report text: %w", err)
			}
			if old == body {
				continue
			}
			if body == "" {
				_, err = tx.ExecContext(ctx, `DELETE FROM annual_report_texts WHERE org_id = $1 AND year = $2 AND section = $3`,
					orgID, year, section)
			} else {
				_, err = tx.ExecContext(ctx, `INSERT INTO annual_report_texts (org_id, year, section, body, updated_at)
					VALUES ($1, $2, $3, $4, $5)
					ON CONFLICT (org_id, year, section) DO UPDATE SET body = $4, updated_at = $5`,
					orgID, year, section, body, tx.now)
			}
			if err != nil {
				return fmt.Errorf("store: annual report text: %w", err)
			}
			if err := tx.audit(ctx, actor.In(orgID), "annual_report.text", "annual_report", fmt.Sprintf("%d", year),
				fmt.Sprintf("%s (%d tekens)", section, len([]rune(body)))); err != nil {
				return err
			}
		}
		return nil
	})
}

// ReportFact is what the annual report reads of one report: its clear
// columns, the categories and outcomes of its allegations and the kinds of
// its measures. Never content.
type ReportFact struct {
	ID             int64
	Channel        string // the channel's code (context): officials, office_holders, …
	ReceivedAt     time.Time
	Source         string
	ReporterKind   string
	Anonymous      bool
	Whistleblower  bool
	State          domain.ReportState
	AcknowledgedAt *time.Time
	FeedbackAt     *time.Time
	ClosedAt       *time.Time
	Investigation  string
	ReferredTo     string
	Allegations    []AllegationFact
	Measures       []string // kinds, one entry per measure
}

// AllegationFact is the category and outcome of one allegation.
type AllegationFact struct {
	Category string
	OwnLabel string // the label of the organisation's own category, "" when none
	Outcome  string // "" while open
	// StopReason is why a discontinued investigation stopped; "" for
	// another outcome, or when it was not recorded.
	StopReason string
}

// ReportFacts returns the reports the organisation received in year (by the
// day of receipt in Amsterdam), except those marked as spam or duplicate,
// oldest first, with their allegations and
// measures; destroyed reports count by the facts kept of them. Errors:
// only internal.
//
// The live and the kept facts are read in one read-only transaction, so a
// report destroyed meanwhile counts once, and the read waits for no writer
// nor keeps one waiting (inReadTx).
func (s *Store) ReportFacts(ctx context.Context, orgID int64, year int) ([]*ReportFact, error) {
	var out []*ReportFact
	err := s.inReadTx(ctx, func(tx *Tx) error {
		var err error
		if out, err = tx.liveReportFacts(ctx, orgID, year); err != nil {
			return err
		}
		from, to := recYearRange(year)
		kept, _, err := tx.retainedReportFacts(ctx, orgID, from, to)
		out = append(out, kept...)
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b *ReportFact) int {
		if c := a.ReceivedAt.Compare(b.ReceivedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, err
}

// liveReportFacts is ReportFacts over the reports still in the database.
func (tx *Tx) liveReportFacts(ctx context.Context, orgID int64, year int) ([]*ReportFact, error) {
	from, to := recYearRange(year)
	var out []*ReportFact
	err := func() error {
		e := tx.store.engine
		rows, err := tx.QueryContext(ctx, `SELECT r.id, c.code, `+e.timeText("r.received_at")+`, r.source, r.reporter_kind, r.anonymous,
			r.whistleblower, r.state, `+e.timeText("r.acknowledged_at")+`, `+e.timeText("r.feedback_at")+`, `+e.timeText("r.closed_at")+`,
			r.investigation, r.referred_to
			FROM reports r JOIN channels c ON c.id = r.channel_id
			WHERE r.org_id = $1 AND r.received_at >= $2 AND r.received_at < $3 AND r.dismissed = ''
			ORDER BY r.received_at, r.id`, orgID, from, to)
		if err != nil {
			return fmt.Errorf("store: report facts: %w", err)
		}
		defer rows.Close()
		byID := map[int64]*ReportFact{}
		for rows.Next() {
			f := &ReportFact{}
			var state string
			if err := rows.Scan(&f.ID, &f.Channel, storedTime{T: &f.ReceivedAt}, &f.Source, &f.ReporterKind, &f.Anonymous, &f.Whistleblower,
				&state, storedTime{P: &f.AcknowledgedAt}, storedTime{P: &f.FeedbackAt}, storedTime{P: &f.ClosedAt},
				&f.Investigation, &f.ReferredTo); err != nil {
				return fmt.Errorf("store: report facts: %w", err)
			}
			f.State = domain.ReportState(state)
			out = append(out, f)
			byID[f.ID] = f
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if len(out) == 0 {
			return nil
		}
		const sub = `SELECT id FROM reports WHERE org_id = $1 AND received_at >= $2 AND received_at < $3 AND dismissed = ''`
		// The year's allegations by the copies of their report's facts
		// (allegationCopies): one range of allegations_year. By the
		// reports' ids PostgreSQL hashed all allegations of the
		// installation (a sequential scan, 8 times slower at 185,000).
		arows, err := tx.QueryContext(ctx, `SELECT a.report_id, a.category, COALESCE(oc.label, ''), a.outcome, a.stop_reason
			FROM allegations a LEFT JOIN own_categories oc ON oc.id = a.own_category_id
			WHERE a.org_id = $1 AND a.report_dismissed = '' AND a.received_year = $2 ORDER BY a.report_id, a.id`, orgID, year)
		if err != nil {
			return fmt.Errorf("store: report facts: %w", err)
		}
		defer arows.Close()
		for arows.Next() {
			var id int64
			var a AllegationFact
			if err := arows.Scan(&id, &a.Category, &a.OwnLabel, &a.Outcome, &a.StopReason); err != nil {
				return fmt.Errorf("store: report facts: %w", err)
			}
			if f := byID[id]; f != nil {
				f.Allegations = append(f.Allegations, a)
			}
		}
		if err := arows.Err(); err != nil {
			return err
		}
		arows.Close()
		mrows, err := tx.QueryContext(ctx, `SELECT report_id, kind FROM measures
			WHERE report_id IN (`+sub+`) ORDER BY report_id, id`, orgID, from, to)
		if err != nil {
			return fmt.Errorf("store: report facts: %w", err)
		}
		defer mrows.Close()
		for mrows.Next() {
			var id int64
			var kind string
			if err := mrows.Scan(&id, &kind); err != nil {
				return fmt.Errorf("store: report facts: %w", err)
			}
			if f := byID[id]; f != nil {
				f.Measures = append(f.Measures, kind)
			}
		}
		return mrows.Err()
	}()
	return out, err
}

// DismissedReports counts the reports the organisation received in year
// that a coordinator marked as spam or duplicate: the annual report leaves
// them out of every figure and names their number apart. Errors: only
// internal.
func (s *Store) DismissedReports(ctx context.Context, orgID int64, year int) (int, error) {
	from, to := recYearRange(year)
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE org_id = $1 AND received_at >= $2 AND received_at < $3
		AND dismissed <> ''`, orgID, from, to).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: dismissed reports: %w", err)
	}
	var kept int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM retained_report_facts WHERE org_id = $1 AND received_at >= $2
		AND received_at < $3 AND dismissed`, orgID, from, to).Scan(&kept); err != nil {
		return 0, fmt.Errorf("store: dismissed reports: %w", err)
	}
	return n + kept, nil
}

// ReportCountsByYear counts the organisation's reports per year of receipt
// (in Amsterdam), for every year that has one. It counts year by year over
// the index on received_at, so a long history stays quick. Destroyed
// reports count by the facts kept of them; the live and the kept are read
// in one read-only transaction. Errors: only internal.
func (s *Store) ReportCountsByYear(ctx context.Context, orgID int64) (map[int]int, error) {
	out := map[int]int{}
	err := s.inReadTx(ctx, func(tx *Tx) error {
		kept, err := tx.QueryContext(ctx, `SELECT received_at FROM retained_report_facts WHERE org_id = $1 AND NOT dismissed`, orgID)
		if err != nil {
			return fmt.Errorf("store: report counts: %w", err)
		}
		defer kept.Close()
		for kept.Next() {
			var t time.Time
			if err := kept.Scan(&t); err != nil {
				return fmt.Errorf("store: report counts: %w", err)
			}
			out[domain.DateOf(t).Year]++
		}
		if err := kept.Err(); err != nil {
			return err
		}
		kept.Close()
		var first, last time.Time
		err = tx.QueryRowContext(ctx, `SELECT received_at FROM reports WHERE org_id = $1 ORDER BY received_at LIMIT 1`, orgID).Scan(&first)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err == nil {
			err = tx.QueryRowContext(ctx, `SELECT received_at FROM reports WHERE org_id = $1 ORDER BY received_at DESC LIMIT 1`, orgID).Scan(&last)
		}
		if err != nil {
			return fmt.Errorf("store: report counts: %w", err)
		}
		for y := domain.DateOf(first).Year; y <= domain.DateOf(last).Year; y++ {
			from, to := recYearRange(y)
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE org_id = $1 AND received_at >= $2 AND received_at < $3
				AND dismissed = ''`, orgID, from, to).Scan(&n); err != nil {
				return fmt.Errorf("store: report counts: %w", err)
			}
			if n > 0 {
				out[y] += n
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RegisterStatements returns the organisation's statements that a register
// held nothing in a year: register → year → true. Errors: only internal.
func (s *Store) RegisterStatements(ctx context.Context, orgID int64) (map[string]map[int]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT register, year FROM register_statements WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: register statements: %w", err)
	}
	defer rows.Close()
	out := map[string]map[int]bool{}
	for rows.Next() {
		var reg string
		var year int
		if err := rows.Scan(&reg, &year); err != nil {
			return nil, fmt.Errorf("store: register statements: %w", err)
		}
		if out[reg] == nil {
			out[reg] = map[int]bool{}
		}
		out[reg][year] = true
	}
	return out, rows.Err()
}

// SetRegisterNone states (none true) or withdraws the statement that the
// organisation's register held nothing in year, audited. Errors: EINVALID
// naming "register" or "year".
func (s *Store) SetRegisterNone(ctx context.Context, actor Actor, orgID int64, register string, year int, none bool) error {
	if !slices.Contains(domain.ReportRegisters, domain.ReportRegister(register)) {
		return domain.FieldError("register", "err.choice_invalid")
	}
	if !domain.YearValid(year) {
		return domain.FieldError("year", "err.annual_report_year")
	}
	return s.inTx(ctx, func(tx *Tx) error {
		var err error
		action := "annual_report.none_stated"
		if none {
			_, err = tx.ExecContext(ctx, `INSERT INTO register_statements (org_id, register, year, stated_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (org_id, register, year) DO NOTHING`, orgID, register, year, tx.now)
		} else {
			action = "annual_report.none_withdrawn"
			_, err = tx.ExecContext(ctx, `DELETE FROM register_statements WHERE org_id = $1 AND register = $2 AND year = $3`, orgID, register, year)
		}
		if err != nil {
			return fmt.Errorf("store: register statement: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), action, "annual_report", fmt.Sprintf("%d", year), register)
	})
}

// AnnualReportOmit returns the registers whose section the organisation
// leaves out of the annual report when they hold nothing for the year.
// Errors: only internal.
func (s *Store) AnnualReportOmit(ctx context.Context, orgID int64) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT register FROM annual_report_omit WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: annual report omit: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var reg string
		if err := rows.Scan(&reg); err != nil {
			return nil, fmt.Errorf("store: annual report omit: %w", err)
		}
		out[reg] = true
	}
	return out, rows.Err()
}

// SetAnnualReportOmit chooses, for one register, whether the annual report
// leaves its section out (omit) or says "niet geregistreerd" when it holds
// nothing for the year, audited. Errors: EINVALID naming "register".
func (s *Store) SetAnnualReportOmit(ctx context.Context, actor Actor, orgID int64, register string, omit bool) error {
	if !slices.Contains(domain.ReportRegisters, domain.ReportRegister(register)) {
		return domain.FieldError("register", "err.choice_invalid")
	}
	return s.inTx(ctx, func(tx *Tx) error {
		var err error
		detail := register + " weglaten"
		if omit {
			_, err = tx.ExecContext(ctx, `INSERT INTO annual_report_omit (org_id, register) VALUES ($1, $2)
				ON CONFLICT (org_id, register) DO NOTHING`, orgID, register)
		} else {
			detail = register + " niet geregistreerd tonen"
			_, err = tx.ExecContext(ctx, `DELETE FROM annual_report_omit WHERE org_id = $1 AND register = $2`, orgID, register)
		}
		if err != nil {
			return fmt.Errorf("store: annual report omit: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "annual_report.omit", "annual_report", register, detail)
	})
}

// DeadlineFact is what the basic norms' scorecard reads of one report
// (report.Scorecard): its deadlines and whether its investigation ended
// with an outcome on every allegation. The same reports as ReportFacts.
type DeadlineFact struct {
	ReceivedAt     time.Time
	AcknowledgedAt *time.Time
	FeedbackAt     *time.Time
	ClosedAt       *time.Time
	Investigation  string
	// AllDecided: the report's investigation is closed (an investigation
	// other than none, ClosedAt set) and it has allegations, each with an
	// outcome; false otherwise.
	AllDecided bool
}

// DeadlineFacts returns the DeadlineFact of each report ReportFacts
// returns for year (in no particular order): five columns of the reports
// and, for a closed investigation only, an index look-up of its
// allegations, instead of every column of the reports, their allegations
// and measures that ReportFacts reads (a tenth of the annual report's time
// at 10,000 reports a year went to reading the year before's facts for
// the scorecard). Destroyed reports count by the facts kept of them, read
// in the same read-only transaction. Errors: only internal.
//
// Every allegation decided: the least outcome of the report's allegations
// is not "" (none, or one still open, gives ""), a scalar subquery read by
// report from allegations_report. As NOT EXISTS, PostgreSQL could hash
// every open allegation of the installation instead, from the index
// allegations_year (migration 00042) read whole.
func (s *Store) DeadlineFacts(ctx context.Context, orgID int64, year int) ([]DeadlineFact, error) {
	var out []DeadlineFact
	err := s.inReadTx(ctx, func(tx *Tx) error {
		from, to := recYearRange(year)
		e := s.engine
		rows, err := tx.QueryContext(ctx, `SELECT `+e.timeText("r.received_at")+`, `+e.timeText("r.acknowledged_at")+`,
			`+e.timeText("r.feedback_at")+`, `+e.timeText("r.closed_at")+`, r.investigation,
			CASE WHEN r.closed_at IS NULL OR r.investigation IN ('', 'none') THEN FALSE
				ELSE COALESCE((SELECT MIN(a.outcome) FROM allegations a WHERE a.report_id = r.id), '') <> '' END
			FROM reports r
			WHERE r.org_id = $1 AND r.received_at >= $2 AND r.received_at < $3 AND r.dismissed = ''`, orgID, from, to)
		if err != nil {
			return fmt.Errorf("store: deadline facts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var f DeadlineFact
			if err := rows.Scan(storedTime{T: &f.ReceivedAt}, storedTime{P: &f.AcknowledgedAt}, storedTime{P: &f.FeedbackAt},
				storedTime{P: &f.ClosedAt}, &f.Investigation, &f.AllDecided); err != nil {
				return fmt.Errorf("store: deadline facts: %w", err)
			}
			out = append(out, f)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: deadline facts: %w", err)
		}
		rows.Close()
		kept, _, err := tx.retainedReportFacts(ctx, orgID, from, to)
		for _, f := range kept {
			out = append(out, f.DeadlineFact())
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeadlineFact is the part of the fact that DeadlineFacts reads.
func (f *ReportFact) DeadlineFact() DeadlineFact {
	closed := f.ClosedAt != nil && f.Investigation != "" && f.Investigation != string(domain.InvestigationNone)
	d := DeadlineFact{ReceivedAt: f.ReceivedAt, AcknowledgedAt: f.AcknowledgedAt, FeedbackAt: f.FeedbackAt, ClosedAt: f.ClosedAt,
		Investigation: f.Investigation, AllDecided: closed && len(f.Allegations) > 0}
	for _, a := range f.Allegations {
		if a.Outcome == "" {
			d.AllDecided = false
		}
	}
	return d
}
