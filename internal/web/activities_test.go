package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
)

func TestActivitiesSQLite(t *testing.T) { testActivities(t, newEnv(t, "")) }

func TestActivitiesPostgres(t *testing.T) { testActivities(t, newEnv(t, dbtest.PostgresURL(t))) }

// acCreated checks a successful save: 303 to the list, and returns the new
// record's id from the fragment.
func acCreated(t *testing.T, res response, prefix string) int64 {
	t.Helper()
	wantRedirect(t, res, prefix)
	_, frag, _ := strings.Cut(res.location(), "#")
	id, err := strconv.ParseInt(frag[strings.LastIndexByte(frag, '-')+1:], 10, 64)
	if err != nil {
		t.Fatalf("no id in %q", res.location())
	}
	return id
}

// acText reads a response's body as text, without the HTML escapes.
func acText(res response) string { return html.UnescapeString(res.body) }

// acCSV parses an exported CSV (with its byte-order mark and semicolons).
func acCSV(t *testing.T, res response) [][]string {
	t.Helper()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv export: %d %s\n%s", res.StatusCode, res.Header.Get("Content-Type"), res.body)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.body, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// acXLSX parses an exported workbook's first sheet.
func acXLSX(t *testing.T, res response) [][]string {
	t.Helper()
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("xlsx export: %d %s", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// acAudit returns the actions of the organisation's audit entries starting
// with prefix.
func acAudit(t *testing.T, e *env, orgID int64, prefix string) []string {
	t.Helper()
	entries, err := e.store.AuditEntries(context.Background(), domain.AuditFilter{OrgID: orgID, Action: prefix, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, en := range entries {
		out = append(out, en.Action)
	}
	return out
}

// acUniqueIDs checks no id occurs twice on a page.
func acUniqueIDs(t *testing.T, res response) {
	t.Helper()
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(res.body, -1) {
		if seen[m[1]] {
			t.Errorf("id %q occurs twice on %s", m[1], res.Request.URL.Path)
		}
		seen[m[1]] = true
	}
}

func acCount(actions []string, action string) int {
	n := 0
	for _, a := range actions {
		if a == action {
			n++
		}
	}
	return n
}

func testActivities(t *testing.T, e *env) {
	ctx := context.Background()
	org, other := e.org("helmond"), e.org("huizen")
	hr := e.session(e.user(org, "pen", domain.RoleHR), domain.StateFull)
	clerk := e.session(e.user(org, "griffie", domain.RoleClerk), domain.StateFull)
	coord := e.session(e.user(org, "coord", domain.RoleCoordinator), domain.StateFull)
	outsider := e.session(e.user(other, "hr-huizen", domain.RoleHR), domain.StateFull)

	// The form for a new activity offers the kinds and the audiences.
	form := e.get(hr, "/helmond/activities/new")
	if form.StatusCode != 200 || !strings.Contains(form.body, "Dilemmasessie") || !strings.Contains(form.body, "Fractiebesturen") {
		t.Fatalf("new form: %d\n%s", form.StatusCode, form.body)
	}

	// Three activities of 2025, by three roles.
	add := func(cookie string, v url.Values) int64 {
		t.Helper()
		return acCreated(t, e.post(cookie, "/helmond/activities", v), "/helmond/activities?year=2025&done=created")
	}
	webinar := add(hr, url.Values{"date": {"2025-03-24"}, "title": {"Webinar netwerkbewustzijn"}, "kind": {"webinar"},
		"audiences": {"party_board", "council"}, "materials": {"Opname op intranet"}})
	workshop := add(coord, url.Values{"date": {"22-03-2025"}, "title": {"Festival van de weerbaarheid"}, "kind": {"workshop"},
		"audiences": {"staff"}, "attendance": {"100"}})
	dilemma := add(clerk, url.Values{"date": {"2025-09-15"}, "title": {"Dilemmatraining college"}, "kind": {"dilemma_session"},
		"audiences": {"executive"}, "attendance": {"7"}})
	// One in another year, and one of another organisation.
	acCreated(t, e.post(hr, "/helmond/activities", url.Values{"date": {"2024-11-15"}, "title": {"Roadtour 2024"}, "kind": {"meeting"},
		"audiences": {"council"}}), "/helmond/activities?year=2024&done=created")
	acCreated(t, e.post(outsider, "/huizen/activities", url.Values{"date": {"2025-05-01"}, "title": {"Huizer e-learning"},
		"kind": {"e_learning"}, "audiences": {"new_staff"}}), "/huizen/activities?year=2025")

	// Bad input: shown again with what was typed and a Dutch message at
	// each field; nothing stored.
	before, _ := e.store.Activities(ctx, org.ID, 2025)
	res := e.post(hr, "/helmond/activities", url.Values{"date": {"31-02-2025"}, "title": {"Half ingevuld"}, "kind": {"quiz"},
		"attendance": {"veel"}, "materials": {"Map op de K-schijf"}})
	text := acText(res)
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad input: %d", res.StatusCode)
	}
	for _, want := range []string{"Vul een datum in als jjjj-mm-dd.", "Vul een heel getal in van 0 tot 100000", "Kies de soort activiteit.",
		`value="Half ingevuld"`, "Map op de K-schijf", `value="veel"`, "Er is niets opgeslagen."} {
		if !strings.Contains(text, want) {
			t.Errorf("bad input page lacks %q", want)
		}
	}
	res = e.post(hr, "/helmond/activities", url.Values{"date": {"2025-04-01"}, "title": {"Zonder doelgroep"}, "kind": {"training"}})
	wantRefused(t, res, http.StatusBadRequest, "Kies minstens één doelgroep.")
	if !strings.Contains(res.body, `value="Zonder doelgroep"`) {
		t.Error("the title typed is lost")
	}
	res = e.post(hr, "/helmond/activities", url.Values{"date": {"2025-04-01"}, "kind": {"training"}, "audiences": {"staff", "aliens"}})
	wantRefused(t, res, http.StatusBadRequest, "Vul een titel in.")
	if after, _ := e.store.Activities(ctx, org.ID, 2025); len(after) != len(before) || len(after) != 3 {
		t.Fatalf("%d activities after refused input, want 3", len(after))
	}

	// The list of 2025: chronological, grouped by month, with the counts and
	// the audiences that had nothing.
	list := e.get(clerk, "/helmond/activities?year=2025")
	text = acText(list)
	if list.StatusCode != 200 {
		t.Fatalf("list: %d", list.StatusCode)
	}
	acUniqueIDs(t, list)
	iw, iwe, id := strings.Index(text, "Festival van de weerbaarheid"), strings.Index(text, "Webinar netwerkbewustzijn"), strings.Index(text, "Dilemmatraining college")
	if iw < 0 || iwe < iw || id < iwe || !strings.Contains(text, ">maart 2025<") || !strings.Contains(text, ">september 2025<") {
		t.Fatalf("list is not chronological by month\n%s", text)
	}
	for _, want := range []string{"3 activiteiten, met samen 107 deelnemers.", "Van 1 activiteiten is het aantal deelnemers niet bekend.",
		"Gemeenteraad, Fractiebesturen", "Opname op intranet"} {
		if !strings.Contains(text, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	if m := regexp.MustCompile(`Doelgroepen zonder activiteit in 2025:</strong> ([^<]*)`).FindStringSubmatch(text); m == nil ||
		m[1] != "Management, Nieuwe medewerkers, Inhuur." {
		t.Errorf("uncovered audiences: %v", m)
	}
	if strings.Contains(text, "Roadtour 2024") || strings.Contains(text, "Huizer e-learning") {
		t.Error("the list shows another year's or another organisation's activity")
	}

	// Filters: kind and audience.
	text = acText(e.get(hr, "/helmond/activities?year=2025&kind=webinar"))
	if !strings.Contains(text, "Webinar netwerkbewustzijn") || strings.Contains(text, "Dilemmatraining college") {
		t.Error("kind filter")
	}
	text = acText(e.get(hr, "/helmond/activities?year=2025&audience=council"))
	if !strings.Contains(text, "Webinar netwerkbewustzijn") || strings.Contains(text, "Festival van de weerbaarheid") ||
		!strings.Contains(text, "1 activiteiten voldoen") {
		t.Error("audience filter")
	}

	// Sorting: attendance, largest first, unknown last; no month groups.
	text = acText(e.get(hr, "/helmond/activities?year=2025&sort=attendance&dir=desc"))
	if a, b, c := strings.Index(text, "Festival van de weerbaarheid"), strings.Index(text, "Dilemmatraining college"),
		strings.Index(text, "Webinar netwerkbewustzijn"); !(a > 0 && a < b && b < c) || strings.Contains(text, ">maart 2025<") ||
		!strings.Contains(text, `aria-sort="descending"`) {
		t.Errorf("sort by attendance: %d %d %d", a, b, c)
	}

	// Export: the same rows and order as the page, in CSV and XLSX.
	rows := acCSV(t, e.get(hr, "/helmond/activities?year=2025&sort=title&format=csv"))
	if len(rows) != 4 || rows[0][0] != "Datum" || rows[0][3] != "Doelgroepen" || rows[1][1] != "Dilemmatraining college" ||
		rows[3][0] != "24-03-2025" || rows[3][3] != "Gemeenteraad, Fractiebesturen" || rows[2][4] != "100" {
		t.Errorf("csv = %q", rows)
	}
	rows = acXLSX(t, e.get(hr, "/helmond/activities?year=2025&kind=dilemma_session&format=xlsx"))
	if len(rows) != 2 || rows[1][1] != "Dilemmatraining college" || rows[1][2] != "Dilemmasessie" || rows[1][4] != "7" {
		t.Errorf("xlsx = %q", rows)
	}

	// Counts for the annual report.
	counts, err := e.store.ActivityCounts(ctx, org.ID, 2025)
	if err != nil || counts.Total != 3 || counts.ByKind["webinar"] != 1 || counts.ByAudience["council"] != 1 ||
		counts.ByAudience["party_board"] != 1 || counts.Attendance != 107 || counts.Unknown != 1 {
		t.Errorf("counts = %+v, %v", counts, err)
	}

	// Edit by another role: the page shows the stored values; a change is
	// saved, a bad change keeps what was typed and stores nothing.
	page := e.get(coord, fmt.Sprintf("/helmond/activities/%d", webinar))
	if page.StatusCode != 200 || !strings.Contains(page.body, `value="2025-03-24"`) || !strings.Contains(page.body, `value="party_board" checked`) {
		t.Fatalf("edit page: %d\n%s", page.StatusCode, page.body)
	}
	edit := url.Values{"date": {"2025-03-24"}, "title": {"Webinar netwerkbewustzijn (B5)"}, "kind": {"webinar"},
		"audiences": {"council", "party_board", "management"}, "attendance": {"35"}}
	wantRedirect(t, e.post(coord, fmt.Sprintf("/helmond/activities/%d", webinar), edit), "/helmond/activities?year=2025&done=saved")
	edit.Set("attendance", "-3")
	wantRefused(t, e.post(coord, fmt.Sprintf("/helmond/activities/%d", webinar), edit), http.StatusBadRequest, "Vul een heel getal in")
	a, err := e.store.Activity(ctx, org.ID, webinar)
	if err != nil || a.Title != "Webinar netwerkbewustzijn (B5)" || a.Attendance == nil || *a.Attendance != 35 || len(a.Audiences) != 3 {
		t.Fatalf("after edit: %+v, %v", a, err)
	}

	// Another organisation's activity does not exist here.
	theirs, _ := e.store.Activities(ctx, other.ID, 2025)
	if res := e.get(hr, fmt.Sprintf("/helmond/activities/%d", theirs[0].ID)); res.StatusCode != http.StatusNotFound {
		t.Errorf("another organisation's activity: %d", res.StatusCode)
	}
	if res := e.post(hr, fmt.Sprintf("/helmond/activities/%d/delete", theirs[0].ID), url.Values{"confirm": {"1"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("deleting another organisation's activity: %d", res.StatusCode)
	}

	// Delete: only with the confirmation.
	wantRefused(t, e.post(hr, fmt.Sprintf("/helmond/activities/%d/delete", dilemma), nil), http.StatusBadRequest, "Vink aan dat u de activiteit wilt verwijderen.")
	wantRedirect(t, e.post(hr, fmt.Sprintf("/helmond/activities/%d/delete", dilemma), url.Values{"confirm": {"1"}}), "/helmond/activities?year=2025&done=deleted")
	if _, err := e.store.Activity(ctx, org.ID, dilemma); !domain.IsNotFound(err) {
		t.Errorf("deleted activity: %v", err)
	}
	if !strings.Contains(e.get(hr, "/helmond/activities?year=2025&done=deleted").body, "De activiteit is verwijderd.") {
		t.Error("no notice after deleting")
	}
	_ = workshop

	// Every change and export is in the audit log.
	actions := acAudit(t, e, org.ID, "activity.")
	if acCount(actions, "activity.create") != 4 || acCount(actions, "activity.update") != 1 || acCount(actions, "activity.delete") != 1 ||
		acCount(actions, "activity.export") != 2 {
		t.Errorf("audit = %v", actions)
	}
}

// TestActivityMessages checks the labels built at run time exist in both
// languages.
func TestActivityMessages(t *testing.T) {
	cat := i18n.MustLoad()
	keys := []string{"activities.done_created", "activities.done_saved", "activities.done_deleted", "activity.date", "activity.title",
		"activity.kind", "activity.audiences", "activity.attendance", "activity.materials", "activities.export_name"}
	for _, k := range domain.ActivityKinds {
		keys = append(keys, "activity.kind."+string(k))
	}
	for _, a := range domain.ActivityAudiences {
		keys = append(keys, "activity.audience."+string(a))
	}
	for m := 1; m <= 12; m++ {
		keys = append(keys, fmt.Sprintf("activity.month_%02d", m))
	}
	for _, k := range keys {
		if !cat.Has(k) {
			t.Errorf("no message %q", k)
		}
	}
}
