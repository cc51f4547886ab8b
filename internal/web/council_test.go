package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
)

func TestCouncilSQLite(t *testing.T) { testCouncil(t, newEnv(t, "")) }

func TestCouncilPostgres(t *testing.T) { testCouncil(t, newEnv(t, dbtest.PostgresURL(t))) }

func testCouncil(t *testing.T, e *env) {
	ctx := context.Background()
	org, other := e.org("helmond"), e.org("huizen")
	clerk := e.session(e.user(org, "griffie", domain.RoleClerk), domain.StateFull)
	coord := e.session(e.user(org, "coord", domain.RoleCoordinator), domain.StateFull)
	outsider := e.session(e.user(other, "griffie-huizen", domain.RoleClerk), domain.StateFull)

	if res := e.get(coord, "/helmond/council"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a coordinator reaches the council pages: %d", res.StatusCode)
	}

	// --- Questions ---
	form := e.get(clerk, "/helmond/council/questions/new")
	if form.StatusCode != 200 || !strings.Contains(form.body, `id="f-mayor_conversation-no" name="mayor_conversation" value="no" checked`) ||
		!strings.Contains(form.body, "Belangenverstrengeling") {
		t.Fatalf("question form: %d\n%s", form.StatusCode, form.body)
	}
	ask := func(cookie, org, date, mayor, inquiry, topic string) int64 {
		t.Helper()
		return acCreated(t, e.post(cookie, "/"+org+"/council/questions", url.Values{"date": {date}, "mayor_conversation": {mayor},
			"preliminary_inquiry": {inquiry}, "topic": {topic}}), "/"+org+"/council/questions?year="+date[:4]+"&done=created")
	}
	q1 := ask(clerk, "helmond", "2024-01-04", "yes", "yes", "conflict_of_interest")
	ask(clerk, "helmond", "2024-02-05", "yes", "no", "")
	q3 := ask(clerk, "helmond", "2024-06-14", "no", "no", "gifts")
	ask(clerk, "helmond", "2023-12-20", "yes", "no", "")
	ask(outsider, "huizen", "2024-03-03", "yes", "yes", "")

	// Refused input: a future date, no answer, an unknown topic; what was
	// typed stays, nothing is stored.
	res := e.post(clerk, "/helmond/council/questions", url.Values{"date": {"2099-01-01"}, "mayor_conversation": {"yes"}, "preliminary_inquiry": {"no"}})
	wantRefused(t, res, http.StatusBadRequest, "Deze datum ligt in de toekomst.")
	if !strings.Contains(res.body, `value="2099-01-01"`) || !strings.Contains(res.body, `value="yes" checked`) {
		t.Error("the refused question lost what was typed")
	}
	res = e.post(clerk, "/helmond/council/questions", url.Values{"date": {"2024-05-05"}, "topic": {"weather"}})
	for _, want := range []string{"Kies ja of nee.", "Kies een van de mogelijkheden.", "Er is niets opgeslagen."} {
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, want) {
			t.Errorf("refused question: %d, lacks %q", res.StatusCode, want)
		}
	}
	if qs, _ := e.store.CouncilQuestions(ctx, org.ID, 2024); len(qs) != 3 {
		t.Fatalf("%d questions in 2024 after refused input, want 3", len(qs))
	}

	// The figures for the annual report.
	counts, err := e.store.CouncilCounts(ctx, org.ID, 2024)
	if err != nil || counts.Contacts != 3 || counts.MayorConversations != 2 || counts.PreliminaryInquiries != 1 {
		t.Errorf("counts = %+v, %v", counts, err)
	}

	// Sorting and export of the register.
	text := acText(e.get(clerk, "/helmond/council/questions?year=2024&sort=topic"))
	if a, b, c := strings.Index(text, "Belangenverstrengeling"), strings.Index(text, "Geschenken"), strings.Index(text, "Niet vastgelegd</td>"); !(a > 0 && a < b && b < c) {
		t.Errorf("sort by topic: %d %d %d", a, b, c)
	}
	rows := acCSV(t, e.get(clerk, "/helmond/council/questions?year=2024&format=csv"))
	if len(rows) != 4 || rows[0][1] != "Gesprek met de burgemeester" || rows[1][0] != "04-01-2024" || rows[1][1] != "Ja" ||
		rows[1][2] != "Ja" || rows[3][3] != "Geschenken" {
		t.Errorf("questions csv = %q", rows)
	}
	rows = acXLSX(t, e.get(clerk, "/helmond/council/questions?year=2024&sort=date&dir=desc&format=xlsx"))
	if len(rows) != 4 || rows[1][0] != "14-06-2024" {
		t.Errorf("questions xlsx = %q", rows)
	}

	// Edit and delete a question.
	page := e.get(clerk, fmt.Sprintf("/helmond/council/questions/%d", q3))
	if page.StatusCode != 200 || !strings.Contains(page.body, `value="2024-06-14"`) || !strings.Contains(page.body, `value="gifts" selected`) {
		t.Fatalf("question page: %d\n%s", page.StatusCode, page.body)
	}
	wantRedirect(t, e.post(clerk, fmt.Sprintf("/helmond/council/questions/%d", q3), url.Values{"date": {"2024-06-14"},
		"mayor_conversation": {"yes"}, "preliminary_inquiry": {"no"}, "topic": {"gifts"}}), "/helmond/council/questions?year=2024&done=saved")
	if c, _ := e.store.CouncilCounts(ctx, org.ID, 2024); c.MayorConversations != 3 {
		t.Errorf("after edit: %+v", c)
	}
	wantRefused(t, e.post(clerk, fmt.Sprintf("/helmond/council/questions/%d/delete", q1), nil), http.StatusBadRequest, "Vink aan dat u dit wilt verwijderen.")
	wantRedirect(t, e.post(clerk, fmt.Sprintf("/helmond/council/questions/%d/delete", q1), url.Values{"confirm": {"1"}}), "/helmond/council/questions?year=2024&done=deleted")
	if c, _ := e.store.CouncilCounts(ctx, org.ID, 2024); c.Contacts != 2 || c.PreliminaryInquiries != 0 {
		t.Errorf("after delete: %+v", c)
	}

	// --- Screenings ---
	screening := url.Values{"date": {"2024-04-02"}, "reference": {"kandidaat-wethouder 2024-1"}, "candidate_role": {"alderman"},
		"performed_by": {"BING"}, "outcome": {"risks_mitigated"}, "note": {"Nevenfunctie bij leverancier wordt beëindigd."}}
	s1 := acCreated(t, e.post(clerk, "/helmond/council/screenings", screening), "/helmond/council/screenings?year=2024&done=created")
	acCreated(t, e.post(clerk, "/helmond/council/screenings", url.Values{"date": {"2024-04-03"}, "reference": {"kandidaat-wethouder 2024-2"},
		"candidate_role": {"alderman"}, "performed_by": {"extern bureau"}, "outcome": {"no_risks"}}), "/helmond/council/screenings?year=2024")
	res = e.post(clerk, "/helmond/council/screenings", url.Values{"date": {"2024-04-03"}, "candidate_role": {"mayor"},
		"performed_by": {"BING"}, "outcome": {"no_risks"}, "note": {strings.Repeat("x", 1001)}})
	wantRefused(t, res, http.StatusBadRequest, "Vul een kenmerk in (geen naam).")
	if !strings.Contains(res.body, `value="BING"`) || !strings.Contains(res.body, "xxxxxxxx</textarea>") {
		t.Error("the refused screening lost what was typed")
	}
	if xs, _ := e.store.Screenings(ctx, org.ID, 2024); len(xs) != 2 {
		t.Fatalf("%d screenings, want 2", len(xs))
	}
	// The note is on the screening's own page only: not in the list, the
	// overview, the export or the audit log.
	if page := e.get(clerk, fmt.Sprintf("/helmond/council/screenings/%d", s1)); !strings.Contains(acText(page), "Nevenfunctie bij leverancier wordt beëindigd.") {
		t.Error("the screening page lacks its note")
	}
	list := acText(e.get(clerk, "/helmond/council/screenings?year=2024"))
	if !strings.Contains(list, "kandidaat-wethouder 2024-1") || !strings.Contains(list, "Risico's, met maatregelen") || strings.Contains(list, "Nevenfunctie bij") {
		t.Error("screening list: reference or outcome missing, or the note shown")
	}
	rows = acCSV(t, e.get(clerk, "/helmond/council/screenings?year=2024&format=csv"))
	if len(rows) != 3 || len(rows[0]) != 5 || rows[1][0] != "kandidaat-wethouder 2024-1" || rows[1][4] != "Risico's, met maatregelen" ||
		strings.Contains(fmt.Sprint(rows), "Nevenfunctie") {
		t.Errorf("screenings csv = %q", rows)
	}

	// --- Codes of conduct ---
	code := func(body, title, version, adopted string) int64 {
		t.Helper()
		return acCreated(t, e.post(clerk, "/helmond/council/codes", url.Values{"body": {body}, "title": {title}, "version": {version},
			"adopted_on": {adopted}, "published_at": {"Gemeenteblad " + adopted[:4]}}), "/helmond/council/codes?year=all&done=created")
	}
	old := code("council", "Gedragscode raadsleden", "2019", "2019-06-01")
	code("council", "Gedragscode raadsleden", "2024", "2024-02-01")
	code("executive", "Gedragscode college", "1.0", "2022-05-10")
	wantRefused(t, e.post(clerk, "/helmond/council/codes", url.Values{"body": {"council"}, "title": {"Zonder versie"}, "adopted_on": {"2024-01-01"}}),
		http.StatusBadRequest, "Vul de versie in.")
	text = acText(e.get(clerk, "/helmond/council/codes?year=all"))
	if a := strings.Index(text, fmt.Sprintf("/helmond/council/codes/%d", old)); a < 0 || !strings.Contains(text[a:], "Vervangen") ||
		strings.Count(text, ">Geldend<") != 2 {
		t.Errorf("codes: the 2019 version should be superseded, two in force\n%s", text)
	}
	// As at the end of 2023, the 2019 version was in force and the 2024 one later.
	text = acText(e.get(clerk, "/helmond/council?year=2023"))
	if !strings.Contains(text, ">Later vastgesteld<") || strings.Count(text, ">Geldend<") != 2 || !strings.Contains(text, "stand op 31-12-2023") {
		t.Errorf("overview 2023: code states wrong\n%s", text)
	}
	rows = acXLSX(t, e.get(clerk, "/helmond/council/codes?year=2024&format=xlsx"))
	if len(rows) != 2 || rows[1][2] != "2024" || rows[1][4] != "Gemeenteblad 2024" {
		t.Errorf("codes xlsx = %q", rows)
	}

	// --- The overview of a year ---
	overview := e.get(clerk, "/helmond/council?year=2024")
	acUniqueIDs(t, overview)
	text = acText(overview)
	for _, want := range []string{"Raad en college 2024", "Integriteitsvragen van raadsleden aan de griffie</th><td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">2<",
		"waarvan geleid tot een gesprek met de burgemeester</th><td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">2<",
		"Screenings en risicoanalyses van kandidaten</th><td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">2<",
		"kandidaat-wethouder 2024-2", "Gedragscode college"} {
		if !strings.Contains(text, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	if strings.Contains(text, "20-12-2023") || strings.Contains(text, "03-03-2024") {
		t.Error("the overview shows another year's or another organisation's question")
	}

	// Another organisation's records do not exist here.
	theirs, _ := e.store.CouncilQuestions(ctx, other.ID, 2024)
	if res := e.get(clerk, fmt.Sprintf("/helmond/council/questions/%d", theirs[0].ID)); res.StatusCode != http.StatusNotFound {
		t.Errorf("another organisation's question: %d", res.StatusCode)
	}
	if res := e.post(clerk, fmt.Sprintf("/helmond/council/questions/%d", theirs[0].ID), url.Values{"date": {"2024-01-01"},
		"mayor_conversation": {"no"}, "preliminary_inquiry": {"no"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("updating another organisation's question: %d", res.StatusCode)
	}

	// Every change and export is audited; no audit entry carries the note
	// or the reference.
	actions := acAudit(t, e, org.ID, "council.")
	for action, n := range map[string]int{"council.question_create": 4, "council.question_update": 1, "council.question_delete": 1,
		"council.screening_create": 2, "council.code_create": 3, "council.questions_export": 2, "council.screenings_export": 1,
		"council.codes_export": 1} {
		if got := acCount(actions, action); got != n {
			t.Errorf("%d × %s in the audit log, want %d", got, action, n)
		}
	}
	entries, _ := e.store.AuditEntries(ctx, domain.AuditFilter{OrgID: org.ID, Action: "council.screening", Limit: 100})
	for _, en := range entries {
		if strings.Contains(en.Detail, "Nevenfunctie") || strings.Contains(en.Detail, "kandidaat") {
			t.Errorf("audit detail %q", en.Detail)
		}
	}
}

// TestCouncilMessages checks the labels built at run time exist.
func TestCouncilMessages(t *testing.T) {
	cat := i18n.MustLoad()
	var keys []string
	for _, reg := range []string{"questions", "screenings", "codes"} {
		for _, k := range []string{"title", "intro", "new", "edit", "back", "form_intro", "export_name"} {
			keys = append(keys, "council."+reg+"_"+k)
		}
	}
	for _, k := range domain.CouncilTopics {
		keys = append(keys, "council.topic."+string(k))
	}
	for _, k := range domain.CandidateRoles {
		keys = append(keys, "council.role."+string(k))
	}
	for _, k := range domain.ScreeningOutcomes {
		keys = append(keys, "council.outcome."+string(k))
	}
	for _, k := range domain.ConductBodies {
		keys = append(keys, "council.body."+string(k))
	}
	for _, k := range []string{"in_force", "superseded", "later", "done_created", "done_saved", "done_deleted"} {
		if strings.HasPrefix(k, "done") {
			keys = append(keys, "council."+k)
		} else {
			keys = append(keys, "council.code_state."+k)
		}
	}
	for _, k := range keys {
		if !cat.Has(k) {
			t.Errorf("no message %q", k)
		}
	}
}
