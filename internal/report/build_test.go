package report_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// fact is a hand-made report for the definitions' tests.
type fact struct {
	received      string
	investigation string
	closed        string // "" = open
	ack, feedback string
	categories    []string
	outcomes      []string
	measures      []string
	referred      string
	kind          string // the reporter's kind; "" = employee
}

func day(t testing.TB, s string) any {
	if s == "" {
		return nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d.Add(10 * time.Hour)
}

// insertReports writes reports with their clear columns only, as a report
// handled in the application leaves them.
func insertReports(t testing.TB, st *store.Store, orgID int64, facts []fact) {
	t.Helper()
	ctx := context.Background()
	db := st.DB()
	var channelID int64
	if err := db.QueryRowContext(ctx, `SELECT id FROM channels WHERE org_id = $1 AND code = 'officials'`, orgID).Scan(&channelID); err != nil {
		t.Fatal(err)
	}
	for i, f := range facts {
		inv := f.investigation
		if inv == "" {
			inv = "none"
		}
		state := "acknowledged"
		if f.closed != "" {
			state = "closed"
		}
		var id int64
		err := db.QueryRowContext(ctx, `INSERT INTO reports (org_id, channel_id, number, received_at, source, reporter_kind,
			anonymous, whistleblower, state, acknowledged_at, feedback_at, closed_at, investigation, referred_to, content, created_at)
			VALUES ($1, $2, $3, $4, 'web', $12, FALSE, FALSE, $5, $6, $7, $8, $9, $10, $11, $4) RETURNING id`,
			orgID, channelID, fmt.Sprintf("T-%05d", i),
			day(t, f.received), state, day(t, f.ack), day(t, f.feedback), day(t, f.closed), inv, f.referred, []byte{0}, cmp.Or(f.kind, "employee")).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		for j, c := range f.categories {
			o := ""
			if j < len(f.outcomes) {
				o = f.outcomes[j]
			}
			// With the copies of the report's facts the store's write paths
			// give an allegation (migration 00042).
			if _, err := db.ExecContext(ctx, `INSERT INTO allegations (report_id, category, outcome, created_at, org_id, received_year, report_dismissed)
				VALUES ($1, $2, $3, $4, $5, $6, '')`, id, c, o, day(t, f.received), orgID, domain.DateOf(day(t, f.received).(time.Time)).Year); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range f.measures {
			if _, err := db.ExecContext(ctx, `INSERT INTO measures (report_id, kind, created_at) VALUES ($1, $2, $3)`,
				id, m, day(t, f.received)); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func build(t *testing.T, st *store.Store, orgID int64, year int, opt report.Options) (*report.Report, map[string]any) {
	t.Helper()
	if opt.Now.IsZero() {
		opt.Now = fixedNow
	}
	r, err := report.Build(context.Background(), st, orgID, year, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return r, doc
}

func want(t *testing.T, doc map[string]any, figures map[string]any) {
	t.Helper()
	for path, w := range figures {
		got, ok := lookup(doc, path)
		if !ok {
			t.Errorf("%s: missing, want %v", path, w)
			continue
		}
		if n, isInt := w.(int); isInt {
			w = float64(n)
		}
		if got != w {
			t.Errorf("%s: got %v, want %v", path, got, w)
		}
	}
}

func TestDefinitions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		org := mustOrg(t, st, "proefstad")
		other := mustOrg(t, st, "elders")
		insertReports(t, st, org.ID, []fact{
			// Two allegations: counted under both categories.
			{received: "2024-02-01", investigation: "internal", closed: "2024-06-01", ack: "2024-02-05", feedback: "2024-04-20",
				categories: []string{"financial", "conflict_of_interest"}, outcomes: []string{"substantiated", "unsubstantiated"},
				measures: []string{"warning", "warning"}},
			// Investigated, closed only after the year: open at year end.
			{received: "2024-11-20", investigation: "external", closed: "2025-02-01", ack: "2024-12-02", feedback: "2025-01-10",
				categories: []string{"financial"}, outcomes: []string{"partly_substantiated"}, referred: "police"},
			// Investigated and still open.
			{received: "2024-12-31", investigation: "preliminary", categories: []string{"undesirable_conduct"}},
			// Not investigated: never open as an investigation.
			{received: "2024-05-05", ack: "2024-05-06", categories: []string{"other"}, outcomes: []string{"no_investigation"}, closed: "2024-05-20"},
			// Other years: the trend only.
			{received: "2023-03-03", categories: []string{"financial"}},
			{received: "2025-01-02", categories: []string{"financial"}},
		})
		insertReports(t, st, other.ID, []fact{{received: "2024-03-03", investigation: "internal", categories: []string{"financial"}}})

		now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
		r, doc := build(t, st, org.ID, 2024, report.Options{Now: now})
		if r.Suppression != nil {
			t.Errorf("suppression stated without the option: %+v", r.Suppression)
		}
		want(t, doc, map[string]any{
			"reports.total":                                 4,
			"reports.allegations":                           5,
			"reports.by_category.financial":                 2,
			"reports.by_category.conflict_of_interest":      1,
			"reports.by_category.undesirable_conduct":       1,
			"reports.by_category.information_misuse":        0,
			"reports.by_outcome.substantiated":              1,
			"reports.by_outcome.unsubstantiated":            1,
			"reports.by_outcome.partly_substantiated":       1,
			"reports.by_outcome.open":                       1,
			"reports.investigated":                          3,
			"reports.investigations_open":                   2,
			"reports.closed_in_year":                        2,
			"reports.measures.warning":                      2,
			"reports.referrals.police":                      1,
			"reports.deadlines_met.acknowledgement.on_time": 2,
			"reports.deadlines_met.acknowledgement.late":    2, // 2024-12-02 is after 27-11; the last never acknowledged
			"reports.deadlines_met.feedback.on_time":        2,
			"reports.trend[2023]":                           1,
			"reports.trend[2024]":                           4,
			"reports.deadlines_met.acknowledgement.pending": 0,
			"reports.deadlines_met.feedback.late":           1,
			"reports.deadlines_met.feedback.pending":        1,
		})
		if _, ok := lookup(doc, "reports.trend[2025]"); ok {
			t.Error("the trend runs past the report's year")
		}

		// Suppression: counts from 1 to 2 are hidden, zeros and larger counts shown.
		r, doc = build(t, st, org.ID, 2024, report.Options{SuppressBelow: 3, Now: now})
		want(t, doc, map[string]any{
			"reports.total":                          4,
			"reports.by_category.financial":          nil,
			"reports.by_category.information_misuse": 0,
			"reports.allegations":                    5,
			"suppression.below":                      3,
			"suppression.suppressed":                 true,
		})
		if r.Reports.ByCategory["financial"] != report.Suppressed {
			t.Errorf("financial: %v, want suppressed", r.Reports.ByCategory["financial"])
		}
		if r.Suppression == nil || r.Suppression.Count == 0 {
			t.Errorf("suppression not stated: %+v", r.Suppression)
		}
	})
}

func TestAnnualReportTexts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, st, "tekststad")
		if err := st.SetAnnualReportTexts(ctx, store.CLI, org.ID, 2024, map[string]string{"foreword": "Een woord vooraf.", "plans": "Plannen."}); err != nil {
			t.Fatal(err)
		}
		r, _ := build(t, st, org.ID, 2024, report.Options{})
		if r.Foreword != "Een woord vooraf." || r.Plans != "Plannen." {
			t.Errorf("texts: %q %q", r.Foreword, r.Plans)
		}
		if r2, _ := build(t, st, org.ID, 2023, report.Options{}); r2.Foreword != "" {
			t.Errorf("another year has the foreword %q", r2.Foreword)
		}
	})
}

// TestOwnLabelsAndFinancialInterests: allegations with the organisation's own
// labels are counted per label beside the national types, and financial
// interests reported in the year per assessment.
func TestOwnLabelsAndFinancialInterests(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, st, "rotterdam")
		insertReports(t, st, org.ID, []fact{
			{received: "2025-03-01", categories: []string{"financial", "undesirable_conduct"}},
			{received: "2025-04-01", categories: []string{"financial"}},
		})
		fraude := &domain.OwnCategory{Label: "fraude en corruptie", Category: domain.CategoryFinancial}
		if err := st.SaveOwnCategory(ctx, store.CLI, org.ID, fraude); err != nil {
			t.Fatal(err)
		}
		if _, err := st.DB().ExecContext(ctx, `UPDATE allegations SET own_category_id = $1 WHERE category = 'financial'`, fraude.ID); err != nil {
			t.Fatal(err)
		}
		pos := &domain.Position{OrgID: org.ID, Ref: "F1", Title: "Inkoper", DesignatedFinancial: true}
		if err := st.SavePosition(ctx, store.CLI, pos); err != nil {
			t.Fatal(err)
		}
		p := &domain.Person{OrgID: org.ID, Ref: "1", Employment: "permanent", PositionID: pos.ID}
		if err := st.SavePerson(ctx, store.CLI, p); err != nil {
			t.Fatal(err)
		}
		fi := &domain.FinancialInterest{PersonID: p.ID, Kind: "shares", Description: "aandelen leverancier",
			ReportedOn: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), Assessment: "no_conflict"}
		if err := st.CreateFinancialInterest(ctx, store.CLI, org.ID, fi); err != nil {
			t.Fatal(err)
		}
		r, doc := build(t, st, org.ID, 2025, report.Options{})
		if got := r.Reports.ByOwnLabel["fraude en corruptie"]; got != 2 {
			t.Errorf("own label count = %v, want 2", got)
		}
		if v, _ := lookup(doc, "financial_interests.by_assessment.no_conflict"); v != float64(1) {
			t.Errorf("financial interests no_conflict = %v, want 1", v)
		}
	})
}
