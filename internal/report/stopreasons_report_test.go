package report_test

import (
	"context"
	"slices"
	"testing"

	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestStopReasons (issue 11 defect 5): why an investigation stopped is
// counted per reason among the allegations closed as discontinued, those
// closed before the reason was asked apart ("Reden niet vastgelegd"); the
// table is in the report only when an investigation stopped, hides its
// small counts with its total, and the reasons add up to the outcome.
func TestStopReasons(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, st, "stopstad")
		reports := "ref,received_on,closed_on\nS1,2021-02-01,2021-05-01\nS2,2021-03-01,2021-06-01\nS3,2021-04-01,2021-07-01\nS4,2021-05-01,2021-08-01\nS5,2021-06-01,2021-09-01\nS6,2021-07-01,\n"
		allegations := "report_ref,category,outcome,outcome_note,stop_reason\n" +
			"S1,financial,discontinued,,person_left\nS2,financial,discontinued,,reporter_withdrew\n" +
			"S3,conflict_of_interest,discontinued,De melder was niet meer bereikbaar.,other\nS4,information_misuse,discontinued,,insufficient_information\n" +
			"S5,undesirable_conduct,substantiated,,\nS6,financial,,,\n"
		if _, err := register.Import(ctx, st, store.CLI, org.ID, map[string][]byte{"reports.csv": []byte(reports), "allegations.csv": []byte(allegations)}); err != nil {
			t.Fatal(err)
		}
		// An allegation closed as discontinued before the reason was asked.
		if _, err := st.DB().ExecContext(ctx, `UPDATE allegations SET outcome = 'discontinued', stop_reason = '' WHERE outcome = 'substantiated'`); err != nil {
			t.Fatal(err)
		}
		r, doc := build(t, st, org.ID, 2021, report.Options{})
		want(t, doc, map[string]any{
			"reports.by_outcome.discontinued":               5,
			"reports.stop_reasons.person_left":              1,
			"reports.stop_reasons.reporter_withdrew":        1,
			"reports.stop_reasons.insufficient_information": 1,
			"reports.stop_reasons.other":                    1,
			"reports.stop_reasons.not_recorded":             1,
		})
		if len(r.Violations) != 0 {
			t.Errorf("violations %+v", r.Violations)
		}
		tb := stopTable(t, r.Document(nil, "nl"))
		if tb == nil {
			t.Fatal("no table of why investigations stopped")
		}
		wantRows := [][]string{{"Betrokkene is uit dienst", "1"}, {"Melder heeft de melding ingetrokken", "1"}, {"Onvoldoende informatie", "1"},
			{"Andere reden", "1"}, {"Reden niet vastgelegd", "1"}, {"Totaal", "5"}}
		if !slices.EqualFunc(tb.Rows, wantRows, slices.Equal[[]string]) {
			t.Errorf("rows %q, want %q", tb.Rows, wantRows)
		}
		if tb := stopTable(t, r.Document(nil, "en")); tb == nil || tb.Rows[0][0] != "The person concerned left" {
			t.Errorf("in English: %v", tb)
		}

		// Small counts hidden: every reason of 1, and the table's total.
		r, doc = build(t, st, org.ID, 2021, report.Options{SuppressBelow: 2})
		for _, code := range report.StopReasonCodes() {
			if v, ok := lookup(doc, "reports.stop_reasons."+code); !ok || v != nil {
				t.Errorf("suppressed: stop_reasons.%s = %v, want null", code, v)
			}
		}
		if tb := stopTable(t, r.Document(nil, "nl")); tb.Rows[len(tb.Rows)-1][1] != "×" {
			t.Errorf("suppressed: the total is %q, want ×", tb.Rows[len(tb.Rows)-1][1])
		}

		// A year without a discontinued investigation has no such table.
		other := mustOrg(t, st, "doorstad")
		if _, err := register.Import(ctx, st, store.CLI, other.ID, map[string][]byte{"reports.csv": []byte("ref,received_on\nD1,2021-02-01\n"),
			"allegations.csv": []byte("report_ref,category,outcome\nD1,financial,unsubstantiated\n")}); err != nil {
			t.Fatal(err)
		}
		r, doc = build(t, st, other.ID, 2021, report.Options{})
		want(t, doc, map[string]any{"reports.stop_reasons.person_left": 0, "reports.stop_reasons.not_recorded": 0})
		if stopTable(t, r.Document(nil, "nl")) != nil {
			t.Error("a table of why investigations stopped while none did")
		}
	})
}

func stopTable(t *testing.T, d *report.Document) *report.Table {
	t.Helper()
	for _, s := range d.Sections {
		for i := range s.Tables {
			if s.Tables[i].Sheet == "Reden stopzetten" {
				return &s.Tables[i]
			}
		}
	}
	return nil
}
