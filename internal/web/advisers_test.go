package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/store"
)

const advCanary = "CANARY-vp-9d21-notitie"

// advToday is today as the advisers' forms take it, and its year.
func advToday() (string, int) {
	d := domain.Today(time.Now()).UTCMidnight()
	return d.Format("2006-01-02"), d.Year()
}

// advAdviserIn makes a confidential adviser, logs them in for real (demo
// mode: their key pair is made and carried by the session) and says which
// kind of adviser they are.
func (e *env) advAdviserIn(org *domain.Organisation, username, kind string) (*domain.User, string) {
	e.t.Helper()
	u := e.user(org, username, domain.RoleAdviser)
	cookie := e.loginHandler(org, username)
	if res := e.post(cookie, "/"+org.Slug+"/adviser/profile", url.Values{"adviser_kind": {kind}}); res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("setting the kind: %d\n%s", res.StatusCode, res.body)
	}
	return u, cookie
}

// advID reads the number after prefix in a redirect's location.
func advID(t *testing.T, res response, prefix string) string {
	t.Helper()
	loc := res.location()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("status %d to %q, want 303 to %s…\n%s", res.StatusCode, loc, prefix, res.body)
	}
	rest := strings.TrimPrefix(loc, prefix)
	end := strings.IndexAny(rest, "?#/")
	if end < 0 {
		end = len(rest)
	}
	return rest[:end]
}

// advTable returns the cells of the table with the id, row by row, as text.
func advTable(t *testing.T, body, id string) [][]string {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no table %s in\n%s", id, body)
	}
	part := body[i:]
	part = part[:strings.Index(part, "</table>")]
	rowRE := regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	cellRE := regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	tagRE := regexp.MustCompile(`<[^>]+>`)
	var out [][]string
	for _, row := range rowRE.FindAllStringSubmatch(part, -1) {
		var cells []string
		for _, c := range cellRE.FindAllStringSubmatch(row[1], -1) {
			cells = append(cells, strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(c[1], ""))))
		}
		out = append(out, cells)
	}
	return out
}

// advCSV reads an exported CSV back.
func advCSV(t *testing.T, res response) [][]string {
	t.Helper()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV export: %d %s\n%s", res.StatusCode, res.Header.Get("Content-Type"), res.body)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.body, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// advXLSX reads an exported workbook's first sheet back.
func advXLSX(t *testing.T, res response) [][]string {
	t.Helper()
	if res.StatusCode != 200 {
		t.Fatalf("XLSX export: %d\n%s", res.StatusCode, res.body)
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

func advAudited(t *testing.T, e *env, orgID int64) map[string]int {
	t.Helper()
	entries, err := e.store.AuditEntries(context.Background(), domain.AuditFilter{OrgID: orgID, Action: "adviser.", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, en := range entries {
		seen[en.Action]++
		if strings.Contains(en.Detail, advCanary) {
			t.Errorf("audit entry %s holds the note", en.Action)
		}
	}
	return seen
}

func TestAdvisersSQLite(t *testing.T) { testAdvisers(t, demoEnv(t, "")) }

func TestAdvisersPostgres(t *testing.T) { testAdvisers(t, demoEnv(t, dbtest.PostgresURL(t))) }

// testAdvisers is an adviser's year through the real router: contacts, a
// case with a sealed note, activities, edits and deletions, lists, exports
// and yearly counts; then what another adviser, HR and the controller see.
func testAdvisers(t *testing.T, e *env) {
	ctx := context.Background()
	org := e.org("helmond")
	karim, kc := e.advAdviserIn(org, "karim", "internal")
	marloes, mc := e.advAdviserIn(org, "marloes", "external")
	hr := e.session(e.user(org, "petra", domain.RoleHR), domain.StateFull)
	ctrl := e.session(e.user(org, "ingrid", domain.RoleController), domain.StateFull)
	today, year := advToday()
	ys := strconv.Itoa(year)

	// The quick form on the adviser's page: a first contact opening a case.
	home := e.get(kc, "/helmond/adviser")
	if home.StatusCode != 200 || !strings.Contains(home.body, "Contact vastleggen") || !strings.Contains(home.body, `value="`+today+`"`) {
		t.Fatalf("adviser page: %d\n%s", home.StatusCode, home.body)
	}
	res := e.post(kc, "/helmond/adviser/contacts", url.Values{"date": {today}, "kind": {"conversation"}, "hours": {"0,75"},
		"case": {"new"}, "first_contact": {"1"}})
	caseID := advID(t, res, "/helmond/adviser/cases/")
	casePath := "/helmond/adviser/cases/" + caseID
	ref := fmt.Sprintf("VP-%d-001", year)
	page := e.get(kc, casePath+"?done=contact_new_case")
	if page.StatusCode != 200 || !strings.Contains(page.body, "Casus "+ref) || !strings.Contains(page.body, "de casus is geopend") {
		t.Fatalf("new case page: %d\n%s", page.StatusCode, page.body)
	}

	// Fill in the case with a note; the note shows to its author only.
	caseForm := url.Values{"opened": {today}, "issue_kinds": {"bullying", "financial"}, "relations": {"manager"},
		"formal_report": {"none"}, "note": {"Wil eerst zelf het gesprek aangaan. " + advCanary}}
	wantRedirect(t, e.post(kc, casePath, caseForm), casePath+"?done=case_saved")
	page = e.get(kc, casePath)
	if !strings.Contains(page.body, advCanary) || !strings.Contains(page.body, "Pesten, Financiële schendingen") || !strings.Contains(page.body, "Leidinggevende") {
		t.Fatalf("case page after saving:\n%s", page.body)
	}
	// A second contact from the case's page.
	wantRedirect(t, e.post(kc, casePath+"/contacts", url.Values{"date": {today}, "kind": {"guidance"}, "hours": {"1,5"}}), casePath+"?done=contact")

	// Bad input keeps what was typed, says what is wrong, stores nothing.
	contactsBefore, _ := e.store.AdviserContacts(ctx, org.ID, karim.ID, store.AdviserContactFilter{})
	res = e.post(kc, "/helmond/adviser/contacts", url.Values{"date": {"2999-01-01"}, "kind": {"conversation"}, "hours": {"veel"}, "case": {caseID}})
	wantRefused(t, res, http.StatusBadRequest, "Vul de tijd in als getal")
	if !strings.Contains(res.body, `value="veel"`) || !strings.Contains(res.body, `value="2999-01-01"`) || !strings.Contains(res.body, "Er is niets opgeslagen") {
		t.Fatalf("refused contact form lost what was typed:\n%s", res.body)
	}
	res = e.post(kc, casePath+"/contacts", url.Values{"date": {today}, "kind": {"conversation"}, "hours": {"1"}, "first_contact": {"1"}})
	wantRefused(t, res, http.StatusBadRequest, "heeft al een eerste contact")
	bad := url.Values{"opened": {today}, "closed": {today}, "issue_kinds": {"bullying"}, "formal_report": {"via_adviser"}, "note": {"andere tekst"}}
	res = e.post(kc, casePath, bad)
	wantRefused(t, res, http.StatusBadRequest, "Kies minstens één relatie")
	if !strings.Contains(res.body, "andere tekst") || !strings.Contains(res.body, `value="via_adviser" checked`) {
		t.Fatalf("refused case form lost what was typed:\n%s", res.body)
	}
	res = e.post(kc, casePath, url.Values{"opened": {today}, "note": {strings.Repeat("x", 501)}})
	wantRefused(t, res, http.StatusBadRequest, "hoogstens 500 tekens")
	if after, _ := e.store.AdviserContacts(ctx, org.ID, karim.ID, store.AdviserContactFilter{}); len(after) != len(contactsBefore) {
		t.Fatalf("a refused contact was stored: %d contacts, want %d", len(after), len(contactsBefore))
	}
	kr := store.Keyring{UserID: karim.ID}
	if _, err := e.store.AdviserCase(ctx, store.CLI, org.ID, karim.ID, mustInt(t, caseID), kr); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("the note opens without the adviser's key: %v", err)
	}
	if cases, _ := e.store.AdviserCases(ctx, org.ID, karim.ID, store.AdviserCaseFilter{}); len(cases) != 1 || cases[0].ClosedOn != nil ||
		cases[0].FormalReport != "none" || !cmp.Equal(cases[0].Relations, []string{"manager"}) {
		t.Fatalf("a refused case change was stored: %+v", cases[0])
	}

	// Other activities: add, change, list.
	res = e.post(kc, "/helmond/adviser/activities", url.Values{"date": {today}, "kind": {"training"}, "hours": {"6"}})
	wantRedirect(t, res, "/helmond/adviser/activities?year="+ys+"&done=activity")
	res = e.post(kc, "/helmond/adviser/activities", url.Values{"date": {today}, "kind": {"consultation"}, "hours": {"2"}})
	wantRedirect(t, res, "/helmond/adviser/activities?year=")
	res = e.post(kc, "/helmond/adviser/activities", url.Values{"date": {today}, "hours": {"nul"}})
	wantRefused(t, res, http.StatusBadRequest, "Maak een keuze")
	acts, _ := e.store.AdviserActivities(ctx, org.ID, karim.ID, year)
	if len(acts) != 2 {
		t.Fatalf("activities = %+v", acts)
	}
	actPath := fmt.Sprintf("/helmond/adviser/activities/%d", acts[0].ID) // the consultation, newest
	if page := e.get(kc, actPath); page.StatusCode != 200 || !strings.Contains(page.body, `value="2"`) {
		t.Fatalf("activity page: %d\n%s", page.StatusCode, page.body)
	}
	wantRedirect(t, e.post(kc, actPath, url.Values{"date": {today}, "kind": {"consultation"}, "hours": {"2,5"}}), "/helmond/adviser/activities?year=")
	list := e.get(kc, "/helmond/adviser/activities?year="+ys)
	if !strings.Contains(list.body, "2,5") || !strings.Contains(list.body, "8,5") {
		t.Fatalf("activities list lacks the hours:\n%s", list.body)
	}

	// Contacts: list, change one, the filters.
	contacts, _ := e.store.AdviserContacts(ctx, org.ID, karim.ID, store.AdviserContactFilter{})
	guidance := contacts[0]
	contactPath := fmt.Sprintf("/helmond/adviser/contacts/%d", guidance.ID)
	if page := e.get(kc, contactPath); page.StatusCode != 200 || !strings.Contains(page.body, `value="1,5"`) {
		t.Fatalf("contact page: %d\n%s", page.StatusCode, page.body)
	}
	wantRedirect(t, e.post(kc, contactPath, url.Values{"date": {today}, "kind": {"guidance"}, "hours": {"1:15"}, "case": {caseID}}),
		"/helmond/adviser/contacts?year="+ys+"&done=contact_saved")
	list = e.get(kc, "/helmond/adviser/contacts?year="+ys)
	if !strings.Contains(list.body, "2 contacten, waarvan eerste contacten: 1; samen 2 uur.") || !strings.Contains(list.body, ref) {
		t.Fatalf("contacts list:\n%s", list.body)
	}
	if old := e.get(kc, fmt.Sprintf("/helmond/adviser/contacts?year=%d", year-1)); strings.Contains(old.body, ref) {
		t.Fatal("last year's contacts list shows this year's contact")
	}
	if cl := e.get(kc, "/helmond/adviser/cases?state=closed&year=all"); strings.Contains(cl.body, ref) {
		t.Fatal("the closed cases list shows an open case")
	}
	if cl := e.get(kc, "/helmond/adviser/cases"); !strings.Contains(cl.body, ref) || !strings.Contains(cl.body, "Pesten") {
		t.Fatalf("open cases list:\n%s", cl.body)
	}

	// Exports of the adviser's own records, in CSV and XLSX, without notes.
	rows := advCSV(t, e.get(kc, "/helmond/adviser/cases?state=all&year=all&format=csv"))
	if len(rows) != 2 || rows[1][0] != ref || rows[1][2] != "Pesten, Financiële schendingen" || rows[1][6] != "2" || rows[1][7] != "2" {
		t.Fatalf("cases CSV = %q", rows)
	}
	if x := advXLSX(t, e.get(kc, "/helmond/adviser/cases?state=all&year=all&format=xlsx")); !cmp.Equal(x[1][:2], rows[1][:2]) {
		t.Fatalf("cases XLSX = %q", x)
	}
	rows = advCSV(t, e.get(kc, "/helmond/adviser/contacts?year="+ys+"&format=csv"))
	if len(rows) != 3 || rows[1][1] != "Begeleiding in een (klacht)traject" || rows[1][2] != "1,25" || rows[2][3] != "Ja" || rows[2][4] != ref {
		t.Fatalf("contacts CSV = %q", rows)
	}
	if x := advXLSX(t, e.get(kc, "/helmond/adviser/contacts?year="+ys+"&format=xlsx")); len(x) != 3 || x[2][4] != ref {
		t.Fatalf("contacts XLSX = %q", x)
	}
	if rows := advCSV(t, e.get(kc, "/helmond/adviser/activities?year="+ys+"&format=csv")); len(rows) != 3 {
		t.Fatalf("activities CSV = %q", rows)
	}
	for _, path := range []string{"/helmond/adviser/cases?state=all&format=csv", "/helmond/adviser/year?year=" + ys + "&format=csv"} {
		if res := e.get(kc, path); strings.Contains(res.body, advCanary) {
			t.Fatalf("%s exports the note", path)
		}
	}

	// The adviser's own yearly figures.
	yearPage := e.get(kc, "/helmond/adviser/year?year="+ys)
	if got := advTable(t, yearPage.body, "t-first-contacts"); !cmp.Equal(got[len(got)-1], []string{ys, "1"}) {
		t.Fatalf("own first contacts = %q", got)
	}
	if got := advTable(t, yearPage.body, "t-contacts"); !cmp.Equal(got[1:], [][]string{
		{"Gesprekken, inclusief e-mail", "1", "0,75"}, {"Begeleiding in een (klacht)traject", "1", "1,25"}, {"Totaal", "2", "2"}}) {
		t.Fatalf("own contacts = %q", got)
	}
	if got := advTable(t, yearPage.body, "t-activities"); !cmp.Equal(got[len(got)-1], []string{"Totaal", "8,5"}) {
		t.Fatalf("own activities = %q", got)
	}
	if rows := advXLSX(t, e.get(kc, "/helmond/adviser/year?year="+ys+"&format=xlsx")); len(rows) < 20 {
		t.Fatalf("yearly overview XLSX = %q", rows)
	}

	// Another adviser: Karim's records do not exist for Marloes.
	for _, p := range []string{casePath, contactPath, actPath} {
		if res := e.get(mc, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("Marloes GET %s: %d, want 404", p, res.StatusCode)
		}
	}
	for _, p := range []string{casePath, casePath + "/contacts", casePath + "/delete", contactPath, contactPath + "/delete", actPath + "/delete"} {
		if res := e.post(mc, p, url.Values{"date": {today}, "kind": {"conversation"}, "hours": {"1"}, "opened": {today}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("Marloes POST %s: %d, want 404", p, res.StatusCode)
		}
	}
	for _, p := range []string{"/helmond/adviser", "/helmond/adviser/cases?state=all&year=all", "/helmond/adviser/contacts?year=all"} {
		if res := e.get(mc, p); res.StatusCode != 200 || strings.Contains(res.body, ref) {
			t.Errorf("Marloes's %s: %d, shows Karim's case: %v", p, res.StatusCode, strings.Contains(res.body, ref))
		}
	}
	res = e.post(mc, "/helmond/adviser/contacts", url.Values{"date": {today}, "kind": {"conversation"}, "hours": {"1"}, "case": {caseID}})
	wantRefused(t, res, http.StatusBadRequest, "")
	own := e.get(mc, "/helmond/adviser/year?year="+ys)
	if got := advTable(t, own.body, "t-cases"); !cmp.Equal(got[1], []string{"Casussen", "0"}) {
		t.Fatalf("Marloes's own cases = %q", got)
	}
	// She records five first contacts of her own, without a case.
	for range 5 {
		res := e.post(mc, "/helmond/adviser/contacts", url.Values{"date": {today}, "kind": {"conversation"}, "hours": {"0,5"}, "first_contact": {"1"}})
		wantRedirect(t, res, "/helmond/adviser?done=contact")
	}

	// HR, coordinators and admins have no route to an adviser's record.
	for _, cookie := range []string{hr, ctrl, e.session(e.user(org, "sanne", domain.RoleCoordinator, domain.RoleAdmin), domain.StateFull)} {
		for _, p := range []string{"/helmond/adviser", casePath, contactPath, "/helmond/adviser/cases?format=csv"} {
			if res := e.get(cookie, p); res.StatusCode != http.StatusForbidden {
				t.Errorf("GET %s by a non-adviser: %d, want 403", p, res.StatusCode)
			}
		}
	}
	if res := e.get(hr, "/helmond/advisers"); res.StatusCode != http.StatusForbidden {
		t.Errorf("HR reads the advisers' figures: %d", res.StatusCode)
	}

	// The controller: aggregates only, small counts hidden by default.
	fig := e.get(ctrl, "/helmond/advisers?year="+ys)
	if fig.StatusCode != 200 || strings.Contains(fig.body, ref) || strings.Contains(fig.body, advCanary) {
		t.Fatalf("controller's figures: %d\n%s", fig.StatusCode, fig.body)
	}
	first := advTable(t, fig.body, "t-first-contacts")
	if !cmp.Equal(first[0], []string{"Jaar", "Intern", "Extern", "Alle"}) || !cmp.Equal(first[len(first)-1], []string{ys, "< 3", "×", "6"}) {
		t.Fatalf("first contacts, hidden = %q", first)
	}
	if got := advTable(t, fig.body, "t-contacts"); !cmp.Equal(got[1:], [][]string{
		{"Gesprekken, inclusief e-mail", "< 3", "×", "×"},
		{"Begeleiding in een (klacht)traject", "< 3", "0", "< 3"},
		{"Totaal", "< 3", "×", "7"}}) {
		t.Fatalf("contacts, hidden = %q", got)
	}
	if got := advTable(t, fig.body, "t-contact-hours"); !cmp.Equal(got[1:], [][]string{
		{"Gesprekken, inclusief e-mail", "0,75", "2,5", "3,25"},
		{"Begeleiding in een (klacht)traject", "1,25", "0", "1,25"},
		{"Totaal", "2", "2,5", "4,5"}}) {
		t.Fatalf("contact hours are never hidden: %q", got)
	}
	if got := advTable(t, fig.body, "t-activities"); !cmp.Equal(got[len(got)-1], []string{"Totaal", "8,5", "0", "8,5"}) {
		t.Fatalf("activity hours are never hidden: %q", got)
	}
	if rows := advCSV(t, e.get(ctrl, "/helmond/advisers?year="+ys+"&format=csv")); !advHasRow(rows, []string{"Contact met vertrouwenspersonen gezocht", ys, "Intern", "< 3"}) {
		t.Fatalf("controller's CSV = %q", rows)
	}
	if rows := advXLSX(t, e.get(ctrl, "/helmond/advisers?year="+ys+"&format=xlsx")); !advHasRow(rows, []string{"Casussen", "Casussen", "Alle", "< 3"}) {
		t.Fatalf("controller's XLSX = %q", rows)
	}
	// A bad minimum changes nothing; publishing small numbers shows them.
	res = e.post(ctrl, "/helmond/advisers/settings", url.Values{"min_cell": {"1"}, "publish_small_numbers": {"1"}, "year": {ys}})
	wantRefused(t, res, http.StatusBadRequest, "Kies een getal van 2 tot en met 20")
	if !strings.Contains(res.body, `value="1"`) {
		t.Fatalf("refused settings lost what was typed:\n%s", res.body)
	}
	if st, _ := e.store.AdviserSettings(ctx, org.ID); st != domain.DefaultAdviserSettings {
		t.Fatalf("refused settings stored: %+v", st)
	}
	wantRedirect(t, e.post(ctrl, "/helmond/advisers/settings", url.Values{"min_cell": {"3"}, "publish_small_numbers": {"1"}, "year": {ys}}),
		"/helmond/advisers?year="+ys+"&done=settings")
	fig = e.get(ctrl, "/helmond/advisers?year="+ys)
	first = advTable(t, fig.body, "t-first-contacts")
	if !cmp.Equal(first[len(first)-1], []string{ys, "1", "5", "6"}) || !strings.Contains(fig.body, "ook kleine aantallen precies te publiceren") {
		t.Fatalf("first contacts, exact = %q", first)
	}
	if got := advTable(t, fig.body, "t-issue-conduct"); !advHasRow(got, []string{"Pesten", "1", "0", "1"}) {
		t.Fatalf("issue kinds, exact = %q", got)
	}
	if got := advTable(t, fig.body, "t-issue-integrity"); !advHasRow(got, []string{"Financiële schendingen", "1", "0", "1"}) {
		t.Fatalf("integrity issue kinds, exact = %q", got)
	}

	// Deleting: the case only once its contacts are gone.
	res = e.post(kc, casePath+"/delete", nil)
	wantRefused(t, res, http.StatusConflict, "heeft nog 2 contacten")
	for _, c := range contacts {
		wantRedirect(t, e.post(kc, fmt.Sprintf("/helmond/adviser/contacts/%d/delete", c.ID), nil), "/helmond/adviser/contacts?year="+ys+"&done=contact_deleted")
	}
	wantRedirect(t, e.post(kc, casePath+"/delete", nil), "/helmond/adviser/cases?done=case_deleted")
	wantRedirect(t, e.post(kc, actPath+"/delete", nil), "/helmond/adviser/activities?year="+ys+"&done=activity_deleted")
	for _, p := range []string{casePath, contactPath, actPath} {
		if res := e.get(kc, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s after deleting: %d", p, res.StatusCode)
		}
	}
	f, _ := e.store.AdviserFigures(ctx, org.ID, year)
	if f.Cases != 0 || f.FirstContacts != 5 || f.ActivityHours["training"] != 6 || f.ActivityHours["consultation"] != 0 {
		t.Fatalf("figures after deleting = %+v", f)
	}

	// Every change is in the audit log, the note's reads and the exports too.
	seen := advAudited(t, e, org.ID)
	for action, n := range map[string]int{"adviser.profile": 2, "adviser.case_create": 1, "adviser.case_update": 1, "adviser.case_delete": 1,
		"adviser.contact_create": 7, "adviser.contact_update": 1, "adviser.contact_delete": 2, "adviser.activity_create": 2,
		"adviser.activity_update": 1, "adviser.activity_delete": 1, "adviser.settings": 1} {
		if seen[action] != n {
			t.Errorf("audit has %d × %s, want %d", seen[action], action, n)
		}
	}
	if seen["adviser.note_read"] == 0 || seen["adviser.export"] < 8 {
		t.Errorf("audit: %d note reads, %d exports", seen["adviser.note_read"], seen["adviser.export"])
	}
	_ = marloes
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// advHasRow reports whether rows hold a row starting with want.
func advHasRow(rows [][]string, want []string) bool {
	for _, r := range rows {
		if len(r) >= len(want) && cmp.Equal(r[:len(want)], want) {
			return true
		}
	}
	return false
}

// TestAdviserPagesInEnglish renders the adviser's pages and the controller's
// in English: no message key shows, hours use a decimal point.
func TestAdviserPagesInEnglish(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, kc := e.advAdviserIn(org, "karim", "internal")
	ctrl := e.session(e.user(org, "ingrid", domain.RoleController), domain.StateFull)
	today, year := advToday()
	caseID := advID(t, e.post(kc, "/helmond/adviser/contacts", url.Values{"date": {today}, "kind": {"conversation"}, "hours": {"1,5"}, "case": {"new"}}),
		"/helmond/adviser/cases/")
	for _, c := range []struct{ cookie, path, want string }{
		{kc, "/helmond/adviser", "Record a contact"},
		{kc, "/helmond/adviser/cases/" + caseID, "1.5"},
		{kc, "/helmond/adviser/cases?state=all", "My cases"},
		{kc, "/helmond/adviser/cases/new", "New case"},
		{kc, "/helmond/adviser/contacts", "My contacts"},
		{kc, "/helmond/adviser/activities", "Other activities"},
		{kc, fmt.Sprintf("/helmond/adviser/year?year=%d", year), "My yearly overview"},
		{ctrl, "/helmond/advisers", "Confidential advisers: figures"},
	} {
		res := e.do(request{path: c.path, header: map[string]string{"Cookie": "integer_lang=en; integer_session=" + c.cookie}})
		if res.StatusCode != 200 || !strings.Contains(res.body, c.want) || regexp.MustCompile(`\[(adviser|advisers|err)\.`).MatchString(res.body) {
			t.Errorf("%s in English: %d, want %q\n%s", c.path, res.StatusCode, c.want, res.body)
		}
	}
}

// TestAdviserMessageKeys checks the keys the module builds at run time, and
// every key its templates and Go files name, against the catalogue.
func TestAdviserMessageKeys(t *testing.T) {
	cat := i18n.MustLoad()
	check := func(key string) {
		if !cat.Has(key) {
			t.Errorf("no message %q", key)
		}
	}
	families := map[string][]string{
		"adviser.contact_kind.": domain.Strings(domain.AdviserContactKinds), "adviser.issue.": domain.Strings(domain.AdviserConductKinds),
		"adviser.relation.": domain.Strings(domain.AdviserRelations), "adviser.formal.": domain.Strings(domain.AdviserFormalReports),
		"adviser.activity.": domain.Strings(domain.AdviserActivityKinds), "adviser.kind.": domain.Strings(domain.AdviserKinds),
		"adviser.cases_filter_": {"open", "closed", "all"}, "case.category.": domain.Strings(domain.Categories),
		"advisers.contact.": domain.Strings(domain.AdviserContactKinds), "advisers.activity.": domain.Strings(domain.AdviserActivityKinds),
		"advisers.formal.": domain.Strings(domain.AdviserFormalReports[1:]), "advisers.kind_col.": {"internal", "external", "unset", "all"},
		"adviser.done_": {"contact", "contact_new_case", "kind", "case_created", "case_saved", "case_deleted", "contact_saved",
			"contact_deleted", "activity", "activity_saved", "activity_deleted"},
		"advisers.done_": {"settings"},
	}
	for prefix, codes := range families {
		for _, c := range codes {
			check(prefix + c)
		}
	}
	// Audit actions share the prefix but are no messages.
	actions := map[string]bool{}
	for _, a := range []string{"profile", "settings", "case_create", "case_update", "case_delete", "contact_create", "contact_update",
		"contact_delete", "activity_create", "activity_update", "activity_delete", "note_read", "export"} {
		actions["adviser."+a] = true
	}
	keyRE := regexp.MustCompile(`"((?:adviser|advisers)\.[a-z0-9_.]*[a-z0-9])"`)
	files, _ := filepath.Glob("advisers*.go")
	tpls, _ := fs.Glob(os.DirFS("templates"), "adviser*.html")
	for _, tp := range tpls {
		files = append(files, filepath.Join("templates", tp))
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f)
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			if !actions[m[1]] && !cat.Has(m[1]) {
				t.Errorf("%s names message %q, which the catalogue lacks", f, m[1])
			}
		}
	}
}
