package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
)

// TestDefect_BulkMarkSpamDuplicate: the coordinator marks many reports at
// once as spam or duplicate from the report list (one POST, an audit line
// per report); they leave the deadline list, the reminders and the annual
// report's counts, which show them apart; unmarking restores them.
func TestDefect_BulkMarkSpamDuplicate(t *testing.T) { testBulkMark(t, demoEnv(t, "")) }

func TestDefect_BulkMarkSpamDuplicatePostgres(t *testing.T) {
	testBulkMark(t, demoEnv(t, dbtest.PostgresURL(t)))
}

func testBulkMark(t *testing.T, e *env) {
	org := e.org("helmond")
	_, coord := e.handlerIn(org, "coord", "officials")
	_, mayor := e.handlerIn(org, "griffier", "mayor")
	controller := e.session(e.user(org, "controller", domain.RoleController), domain.StateFull)
	var reps []*domain.Report
	for i := range 4 {
		r, _ := e.report(org, "officials", fmt.Sprintf("Melding %d", i), false, time.Time{})
		reps = append(reps, r)
	}
	other, _ := e.report(org, "mayor", "Melding over de burgemeester", false, time.Time{})
	year := fmt.Sprint(domain.ThisYear(e.store.Now()))
	ids := func(rs ...*domain.Report) url.Values {
		v := url.Values{}
		for _, r := range rs {
			v.Add("ids", fmt.Sprint(r.ID))
		}
		return v
	}
	listed := func(r *domain.Report) bool {
		return strings.Contains(e.get(coord, "/helmond/reports").body, `href="/helmond/reports/`+fmt.Sprint(r.ID)+`"`)
	}
	reminded := func(r *domain.Report) bool {
		open, err := e.store.OpenReportsForReminders(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range open {
			if o.ID == r.ID {
				return true
			}
		}
		return false
	}
	annual := func() (total, dismissed int, html string) {
		t.Helper()
		res := e.get(controller, "/helmond/annual-report.json?year="+year)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("annual report JSON: %d", res.StatusCode)
		}
		var doc struct {
			Reports struct {
				Total     *int `json:"total"`
				Dismissed *int `json:"dismissed"`
			} `json:"reports"`
		}
		if err := json.Unmarshal([]byte(res.body), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Reports.Total == nil || doc.Reports.Dismissed == nil {
			t.Fatalf("annual report JSON lacks reports.total or reports.dismissed: %.400s", res.body)
		}
		return *doc.Reports.Total, *doc.Reports.Dismissed, e.get(controller, "/helmond/annual-report?year="+year).body
	}

	page := e.get(coord, "/helmond/reports")
	if !strings.Contains(page.body, `action="/helmond/reports/mark"`) || !strings.Contains(page.body, `name="ids" value="`+fmt.Sprint(reps[0].ID)+`"`) {
		t.Fatalf("the report list offers no checkboxes to mark reports\n%s", page.body)
	}

	// Bad input changes nothing.
	wantRefused(t, e.post(coord, "/helmond/reports/mark", url.Values{"mark": {"spam"}}), http.StatusBadRequest, "Kies ten minste één melding.")
	v := ids(reps[0])
	v.Set("mark", "boring")
	wantRefused(t, e.post(coord, "/helmond/reports/mark", v), http.StatusBadRequest, "Kies een van de mogelijkheden.")
	// Another channel's report is not this handler's to mark.
	v = ids(reps[0], other)
	v.Set("mark", "spam")
	if res := e.post(mayor, "/helmond/reports/mark", v); res.StatusCode != http.StatusNotFound {
		t.Errorf("marking another channel's report: %d, want 404", res.StatusCode)
	}
	if !listed(reps[0]) {
		t.Fatal("a refused marking changed the list")
	}

	// Three at once: two as spam, one as duplicate.
	v = ids(reps[0], reps[1])
	v.Set("mark", "spam")
	wantRedirect(t, e.post(coord, "/helmond/reports/mark", v), "/helmond/reports?")
	v = ids(reps[2])
	v.Set("mark", "duplicate")
	wantRedirect(t, e.post(coord, "/helmond/reports/mark", v), "/helmond/reports?")
	for _, r := range reps[:3] {
		if listed(r) {
			t.Errorf("report %s is still on the deadline list", r.Number)
		}
		if reminded(r) {
			t.Errorf("report %s still gets reminders", r.Number)
		}
	}
	if !listed(reps[3]) || !reminded(reps[3]) {
		t.Error("the unmarked report left the deadline list or the reminders")
	}
	if page := e.get(coord, "/helmond/reports?state=dismissed"); !strings.Contains(page.body, reps[0].Number) || !strings.Contains(page.body, "Spam") {
		t.Error("the marked reports cannot be found apart")
	}
	var audits int
	e.store.DB().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action IN ('report.marked_spam', 'report.marked_duplicate')`).Scan(&audits)
	if audits != 3 {
		t.Errorf("%d audit lines for marking three reports, want 3", audits)
	}
	total, dismissed, html := annual()
	if total != 2 || dismissed != 3 {
		t.Errorf("annual report: total %d, dismissed %d; want 2 and 3 (the other channel's report counts)", total, dismissed)
	}
	if !strings.Contains(html, "3 meldingen als spam of dubbel gemarkeerd, niet meegeteld") {
		t.Error("the annual report does not show the marked reports apart")
	}

	// Unmarking restores.
	v = ids(reps[0])
	v.Set("mark", "none")
	wantRedirect(t, e.post(coord, "/helmond/reports/mark", v), "/helmond/reports?")
	if !listed(reps[0]) || !reminded(reps[0]) {
		t.Error("an unmarked report did not come back on the deadline list and the reminders")
	}
	if total, dismissed, _ := annual(); total != 3 || dismissed != 2 {
		t.Errorf("after unmarking: total %d, dismissed %d; want 3 and 2", total, dismissed)
	}
	e.store.DB().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'report.unmarked' AND object_id = $1`, fmt.Sprint(reps[0].ID)).Scan(&audits)
	if audits != 1 {
		t.Errorf("%d audit lines for unmarking, want 1", audits)
	}
}
