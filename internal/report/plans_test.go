package report_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// seedPlan records a plan for 2025–2026 with one line and three actions:
// one running past its period (2025), one done, one planned for 2026-Q3.
func seedPlan(t *testing.T, s *store.Store, orgID int64) *domain.ActionPlan {
	t.Helper()
	ctx := context.Background()
	p := &domain.ActionPlan{Ref: "PVA", Title: "Plan van aanpak integriteit 2025–2026", FromYear: 2025, UntilYear: 2026}
	if err := s.SavePlan(ctx, store.CLI, orgID, p); err != nil {
		t.Fatal(err)
	}
	l := &domain.ActionLine{PlanID: p.ID, Number: 1, Title: "Bewustwording"}
	if err := s.SaveActionLine(ctx, store.CLI, orgID, l); err != nil {
		t.Fatal(err)
	}
	q := func(y, n int) domain.Quarter { return domain.Quarter{Year: y, Q: n} }
	actions := []*domain.PlanAction{
		{Number: 1, Description: "Dilemmatraining", Kind: domain.ActionNew, From: q(2025, 1), Until: q(2025, 4), Status: domain.ActionRunning},
		{Number: 2, Description: "Gedragscode", Kind: domain.ActionNew, From: q(2025, 1), Until: q(2025, 2), Status: domain.ActionDone},
		{Number: 3, Description: "Roulatie", Kind: domain.ActionContinued, From: q(2026, 1), Until: q(2026, 3), Status: domain.ActionPlanned},
	}
	for _, a := range actions {
		a.PlanID, a.LineID = p.ID, l.ID
		if err := s.SaveAction(ctx, store.CLI, orgID, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.ReportProgress(ctx, store.CLI, orgID, actions[0].ID, &domain.Progress{Status: domain.ActionRunning, Day: domain.Date{Year: 2026, Month: 2, Day: 3}, Note: "Vier teams getraind."}); err != nil {
		t.Fatal(err)
	}
	full, err := s.Plan(ctx, orgID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return full
}

// TestActionPlansSection checks the annual report's section: null and
// "not registered" without a plan running in the year; the state per line
// and status with the overdue actions, counted on the day after the year.
func TestActionPlansSection(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.Now = func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }
		org := mustOrg(t, s, "plannen")
		r, err := report.Build(ctx, s, org.ID, 2025, report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.ActionPlans != nil {
			t.Fatal("without plans the section is not null")
		}
		if !strings.Contains(docText(r.Document(nil, "nl")), "Niet geregistreerd: er is geen plan van aanpak vastgelegd dat in 2025 loopt.") {
			t.Error("no 'not registered' sentence")
		}
		seedPlan(t, s, org.ID)
		r, err = report.Build(ctx, s, org.ID, 2025, report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.ActionPlans) != 1 {
			t.Fatalf("plans = %+v", r.ActionPlans)
		}
		p := r.ActionPlans[0]
		if p.CountedOn != "2026-01-01" || p.Total != 3 || p.Overdue != 1 || p.ByStatus["done"] != 1 || p.ByStatus["dropped"] != 0 ||
			len(p.OverdueActions) != 1 || p.OverdueActions[0].PlannedUntil != "2025-Q4" || p.Lines[0].Overdue != 1 {
			t.Errorf("section = %+v", p)
		}
		text := docText(r.Document(nil, "nl"))
		for _, want := range []string{"Plan van aanpak integriteit 2025–2026: acties per actielijn en status op 01-01-2026", "1. Bewustwording|1|1|1|0|1|3",
			"1|Dilemmatraining|K1 2025 – K4 2025|Loopt"} {
			if !strings.Contains(text, want) {
				t.Errorf("document lacks %q\n%s", want, text)
			}
		}
		if r, _ = report.Build(ctx, s, org.ID, 2024, report.Options{}); r.ActionPlans != nil {
			t.Error("a plan for 2025–2026 is in the report of 2024")
		}
	})
}

// TestQuarterlyProgress checks the quarterly report of a plan with an
// overdue action: the state, the overdue action flagged in its own table,
// the notes of the quarter and no others.
func TestQuarterlyProgress(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		s.Now = func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }
		org := mustOrg(t, s, "kwartaal")
		p := seedPlan(t, s, org.ID)
		cat := i18n.MustLoad()
		today := domain.Date{Year: 2026, Month: 3, Day: 2}
		for _, c := range []struct {
			q         domain.Quarter
			want, not []string
		}{
			// Q1 2026 runs: counted today; January's note is in it.
			{domain.Quarter{Year: 2026, Q: 1}, []string{"Voortgang Plan van aanpak integriteit 2025–2026, K1 2026", "over tijd op 02-03-2026",
				"Acties over tijd|1|Dilemmatraining", "03-02-2026: Vier teams getraind.", "Het plan telt 3 acties; 1 zijn afgerond en 1 zijn over tijd"}, nil},
			// Q4 2025: counted on 1 January; the action ended with it.
			{domain.Quarter{Year: 2025, Q: 4}, []string{"over tijd op 01-01-2026", "Acties over tijd|1|Dilemmatraining"}, []string{"Vier teams getraind"}},
			// Q3 2025: nothing had passed its period yet.
			{domain.Quarter{Year: 2025, Q: 3}, []string{"Geen actie is over tijd."}, []string{"Acties over tijd|1"}},
		} {
			d := report.PlanProgress(cat, "nl", "Gemeente Kwartaal", p, c.q, today)
			text := docText(d) + progressText(d)
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("%v lacks %q\n%s", c.q, w, text)
				}
			}
			for _, w := range c.not {
				if strings.Contains(text, w) {
					t.Errorf("%v has %q", c.q, w)
				}
			}
		}
	})
}

// progressText adds what docText leaves out: the title, the cover's line
// and the sections' text, with captions joined to their first row.
func progressText(d *report.Document) string {
	var b strings.Builder
	b.WriteString(d.Title + "\n" + d.Generated + "\n")
	for _, s := range d.Sections {
		b.WriteString(strings.Join(s.Text, "\n") + "\n")
		for _, tb := range s.Tables {
			if len(tb.Rows) > 0 {
				b.WriteString(tb.Caption + "|" + strings.Join(tb.Rows[0], "|") + "\n")
			}
		}
	}
	return b.String()
}
