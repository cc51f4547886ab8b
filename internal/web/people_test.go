package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func TestPeopleRegisterSQLite(t *testing.T) { testPeopleRegister(t, "") }

func TestPeopleRegisterPostgres(t *testing.T) { testPeopleRegister(t, dbtest.PostgresURL(t)) }

// testPeopleRegister works the register through its pages as HR: positions,
// people (create, refuse, list, filter, export, edit, link an account,
// delete), the compliance view and its yearly counts.
func testPeopleRegister(t *testing.T, dsn string) {
	e := newEnv(t, dsn)
	ctx := context.Background()
	org, other := e.org("helmond"), e.org("huizen")
	hr := e.session(e.user(org, "petra", domain.RoleHR), domain.StateFull)
	coord := e.session(e.user(org, "coord", domain.RoleCoordinator), domain.StateFull)
	elsewhere := e.session(e.user(other, "elders", domain.RoleHR), domain.StateFull)
	fatima := e.user(org, "fatima", domain.RoleEmployee)
	today := time.Now().In(recAmsterdam(t))
	ymd := func(daysAgo int) string { return today.AddDate(0, 0, -daysAgo).Format("2006-01-02") }

	// Positions: a refusal keeps what was typed and stores nothing.
	res := e.post(hr, "/helmond/positions", url.Values{"ref": {"inkoper 1"}, "title": {""}, "department": {"Inkoop"}, "designated_publication": {"1"}})
	wantRefused(t, res, http.StatusBadRequest, "Gebruik 1 tot 40 letters")
	for _, want := range []string{"Vul een naam in", `value="Inkoop"`, `name="designated_publication" value="1" checked`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("refused position form lacks %q", want)
		}
	}
	if list, _ := e.store.Positions(ctx, org.ID); len(list) != 0 {
		t.Fatal("a refused position was stored")
	}
	wantRedirect(t, e.post(hr, "/helmond/positions", url.Values{"ref": {"F-INK"}, "title": {"Inkoper"}, "department": {"Inkoop"},
		"designated_publication": {"1"}}), "/helmond/positions?done=created")
	wantRedirect(t, e.post(hr, "/helmond/positions", url.Values{"ref": {"P-WH"}, "title": {"Wethouder"}, "political": {"alderman"},
		"designated_publication": {"1"}, "designated_financial": {"1"}}), "/helmond/positions?done=created")
	positions, _ := e.store.Positions(ctx, org.ID)
	if len(positions) != 2 || !positions[1].DesignatedFinancial || positions[1].Political != "alderman" {
		t.Fatalf("positions = %+v", positions)
	}
	inkoper := positions[0]
	res = e.post(hr, fmt.Sprintf("/helmond/positions/%d", inkoper.ID), url.Values{"ref": {"P-WH"}, "title": {"Inkoper"}})
	wantRefused(t, res, http.StatusBadRequest, "Het nummer P-WH is al in gebruik.")
	res = e.post(hr, fmt.Sprintf("/helmond/positions/%d", inkoper.ID), url.Values{"ref": {"F-INK"}, "title": {"Senior inkoper"},
		"department": {"Inkoop"}, "designated_financial": {"1"}})
	wantRedirect(t, res, "/helmond/positions?done=saved")
	if p, _ := e.store.Position(ctx, org.ID, inkoper.ID); p.Title != "Senior inkoper" || p.DesignatedPublication || !p.DesignatedFinancial {
		t.Fatalf("updated position = %+v", p)
	}
	list := e.get(hr, "/helmond/positions?done=saved")
	for _, want := range []string{"Senior inkoper", "Wethouder", "De wijzigingen zijn opgeslagen.", "Functies (2)"} {
		if !strings.Contains(list.body, want) {
			t.Errorf("positions list lacks %q", want)
		}
	}

	// A person: the form offers the positions and the employee's account.
	res = e.get(hr, "/helmond/people/new")
	if res.StatusCode != 200 || !strings.Contains(res.body, "Senior inkoper, Inkoop (F-INK)") || !strings.Contains(res.body, "fatima") ||
		strings.Contains(res.body, "(petra)") {
		t.Fatalf("new person form: %d\n%s", res.StatusCode, res.body)
	}
	// Bad input: every problem at its field, what was typed kept, nothing stored.
	res = e.post(hr, "/helmond/people", url.Values{"ref": {"E 1"}, "name": {"Rob Bos"}, "employment": {"hired"},
		"start_on": {ymd(10)}, "end_on": {ymd(20)}, "oath_on": {ymd(5)}, "oath_kind": {"oath"}, "vog_on": {"gisteren"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad person: %d", res.StatusCode)
	}
	for _, want := range []string{"Gebruik 1 tot 40 letters", "De einddatum ligt vóór de begindatum.", "Vul een datum in als jjjj-mm-dd.",
		"Inhuurkrachten en stagiairs zijn geen ambtenaar", `value="Rob Bos"`, `value="gisteren"`, "Er is niets opgeslagen."} {
		if !strings.Contains(res.body, want) {
			t.Errorf("refused person form lacks %q", want)
		}
	}
	if n := peopleCount(t, e, org.ID); n != 0 {
		t.Fatalf("a refused person was stored (%d)", n)
	}
	// Eva: permanent, everything but the oath, linked to Fatima's account;
	// the department comes from the position.
	wantRedirect(t, e.post(hr, "/helmond/people", url.Values{"ref": {"E1"}, "name": {"Eva Jansen"}, "employment": {"permanent"},
		"position": {fmt.Sprint(inkoper.ID)}, "start_on": {ymd(40)}, "vog_on": {ymd(45)}, "declaration_on": {ymd(40)},
		"confidential_on": {ymd(40)}, "intro_training_on": {ymd(30)}, "account": {fmt.Sprint(fatima.ID)}}), "/helmond/people?done=created")
	// Rob: hired, owes no oath, lacks his declaration.
	wantRedirect(t, e.post(hr, "/helmond/people", url.Values{"ref": {"X1"}, "name": {"Rob Bos"}, "employment": {"hired"},
		"department": {"Stadsbeheer"}, "start_on": {ymd(12)}, "vog_on": {ymd(14)}, "confidential_on": {ymd(12)}}), "/helmond/people?done=created")
	// Carla: temporary, left last month.
	wantRedirect(t, e.post(hr, "/helmond/people", url.Values{"ref": {"E2"}, "name": {"Carla Kok"}, "employment": {"temporary"},
		"department": {"Stadsbeheer"}, "start_on": {"2021-03-01"}, "end_on": {ymd(30)}, "oath_on": {"2021-03-15"}, "oath_kind": {"affirmation"},
		"oath_witness": {"de gemeentesecretaris"}}), "/helmond/people?done=created")
	eva := personByRef(t, e, org.ID, "E1")
	if eva.Department != "Inkoop" || eva.UserID != fatima.ID || eva.PositionID != inkoper.ID {
		t.Fatalf("eva = %+v", eva)
	}
	// The account cannot be linked twice.
	res = e.post(hr, "/helmond/people", url.Values{"ref": {"E9"}, "employment": {"intern"}, "account": {fmt.Sprint(fatima.ID)}})
	wantRefused(t, res, http.StatusBadRequest, "Dit account is al gekoppeld aan Eva Jansen.")
	// A taken ref.
	res = e.post(hr, "/helmond/people", url.Values{"ref": {"E1"}, "employment": {"intern"}})
	wantRefused(t, res, http.StatusBadRequest, "Het nummer E1 is al in gebruik.")

	// The list: in service by default, filters, sorting.
	list = e.get(hr, "/helmond/people?done=created")
	for _, want := range []string{"De persoon is toegevoegd.", "Eva Jansen", "Rob Bos", "Personen (2 in deze lijst)", "Integriteitsverklaring", "Eed of belofte"} {
		if !strings.Contains(list.body, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	for q, want := range map[string]int{
		"?status=all":                         3,
		"?status=left":                        1,
		"?department=Stadsbeheer":             1,
		"?status=all&department=Stadsbeheer":  2,
		"?employment=hired":                   1,
		"?gaps=yes":                           2,
		"?q=jans":                             1,
		"?position=" + fmt.Sprint(inkoper.ID): 1,
		"?department=Nergens&sort=bogus":      2,
	} {
		res := e.get(hr, "/helmond/people"+q)
		if res.StatusCode != 200 || !strings.Contains(res.body, fmt.Sprintf("(%d in deze lijst)", want)) {
			t.Errorf("list %s: %d, want %d", q, res.StatusCode, want)
		}
	}
	res = e.get(hr, "/helmond/people?sort=start")
	if i, j := strings.Index(res.body, "Rob Bos"), strings.Index(res.body, "Eva Jansen"); i < 0 || j < 0 || i > j {
		t.Error("sort=start does not put the newest first")
	}

	// Exports: the page's filters, every item, "n.v.t." where not owed.
	res = e.get(hr, "/helmond/people?status=all&format=csv")
	rows, err := recCSV(res.body)
	if err != nil || len(rows) != 4 || rows[0][8] != "Eed of belofte" {
		t.Fatalf("csv: %v %v\n%s", rows, err, res.body)
	}
	byRef := map[string][]string{}
	for _, r := range rows[1:] {
		byRef[r[0]] = r
	}
	if r := byRef["X1"]; r[8] != "n.v.t." || r[11] != "Ontbreekt" || r[14] != "Integriteitsverklaring" || r[13] != "n.v.t." {
		t.Errorf("X1 row = %q", r)
	}
	if r := byRef["E2"]; r[8] != "15-03-2021" || r[9] != "Belofte" || r[10] != "de gemeentesecretaris" {
		t.Errorf("E2 row = %q", r)
	}
	res = e.get(hr, "/helmond/people?employment=hired&format=xlsx")
	xf, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
	if err != nil {
		t.Fatal(err)
	}
	if xrows, _ := xf.GetRows(xf.GetSheetName(0)); len(xrows) != 2 || xrows[1][1] != "Rob Bos" {
		t.Errorf("xlsx: %v", xrows)
	}

	// Rob's page: where each item stands.
	rob := personByRef(t, e, org.ID, "X1")
	page := fmt.Sprintf("/helmond/people/%d", rob.ID)
	res = e.get(hr, page)
	for _, want := range []string{"Stand van de indiensttreding", "n.v.t.", "Ontbreekt, 12 dagen na indiensttreding", `value="Rob Bos"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("Rob's page lacks %q", want)
		}
	}
	// An edit that fails changes nothing; one that works saves.
	res = e.post(hr, page, url.Values{"ref": {"X1"}, "name": {"Rob Bos"}, "employment": {"hired"}, "declaration_on": {"31-02-2026"}})
	wantRefused(t, res, http.StatusBadRequest, "Vul een datum in als jjjj-mm-dd.")
	wantRedirect(t, e.post(hr, page, url.Values{"ref": {"X1"}, "name": {"Rob Bos"}, "employment": {"hired"}, "department": {"Stadsbeheer"},
		"start_on": {ymd(12)}, "vog_on": {ymd(14)}, "confidential_on": {ymd(12)}, "declaration_on": {ymd(1)}}), "/helmond/people?done=saved")
	if got := personByRef(t, e, org.ID, "X1"); got.DeclarationOn == nil || len(got.Gaps(time.Now())) != 0 {
		t.Fatalf("Rob after the edit = %+v", got)
	}

	// Compliance: Eva lacks her oath, 40 days; nobody else lacks anything.
	res = e.get(hr, "/helmond/compliance")
	for _, want := range []string{"Wie mist wat", "Eva Jansen", "40 dagen (in dienst sinds", "(1), langst ontbrekend eerst"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("compliance lacks %q", want)
		}
	}
	if strings.Contains(res.body, "Carla Kok") {
		t.Error("compliance lists someone who left")
	}
	res = e.get(hr, "/helmond/compliance?year=2021")
	if !strings.Contains(res.body, "Gedaan in 2021") || !strings.Contains(res.body, `<option value="2021" selected>`) {
		t.Errorf("compliance 2021:\n%s", res.body)
	}
	c, err := e.store.OnboardingCounts(ctx, org.ID, 2021)
	if err != nil || c.Sworn != 1 || c.Affirmations != 1 || c.Started != 1 {
		t.Errorf("counts 2021 = %+v, %v", c, err)
	}
	res = e.get(hr, "/helmond/compliance?item=vog&format=csv")
	if rows, _ := recCSV(res.body); len(rows) != 1 {
		t.Errorf("compliance export for vog: %v", rows)
	}
	res = e.get(hr, "/helmond/compliance?format=csv")
	if rows, _ := recCSV(res.body); len(rows) != 2 || rows[1][0] != "E1" || rows[1][6] != "40" {
		t.Errorf("compliance export: %v", rows)
	}

	// Role separation and organisations.
	for _, p := range []string{"/helmond/people", "/helmond/positions", "/helmond/compliance", page} {
		if res := e.get(coord, p); res.StatusCode != http.StatusForbidden {
			t.Errorf("coordinator %s: %d", p, res.StatusCode)
		}
	}
	if res := e.get(elsewhere, fmt.Sprintf("/huizen/people/%d", rob.ID)); res.StatusCode != http.StatusNotFound {
		t.Errorf("another organisation's person: %d", res.StatusCode)
	}
	if res := e.post(elsewhere, fmt.Sprintf("/huizen/people/%d/delete", rob.ID), nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("delete from another organisation: %d", res.StatusCode)
	}
	if res := e.get(elsewhere, "/huizen/people?status=all"); strings.Contains(res.body, "Rob Bos") || !strings.Contains(res.body, "(0 in deze lijst)") {
		t.Error("another organisation's list shows ours")
	}

	// Delete.
	wantRedirect(t, e.post(hr, page+"/delete", nil), "/helmond/people?done=deleted")
	if res := e.get(hr, page); res.StatusCode != http.StatusNotFound {
		t.Fatalf("deleted person: %d", res.StatusCode)
	}
	assertAudited(t, e, org.ID, "position.create", "position.update", "person.create", "person.update", "person.delete",
		"people.export", "compliance.export")
}

// TestPeopleImport uploads the register template: a bad row refuses the
// whole file with the row and column named; corrected, it imports; again,
// it updates.
func TestPeopleImport(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	hr := e.session(e.user(org, "petra", domain.RoleHR), domain.StateFull)
	positions := "ref,title,department,designated_publication,designated_financial,political\nF-INK,Inkoper,Inkoop,ja,nee,\nP-RL,Raadslid,,ja,nee,Raadslid\n"
	people := "ref,name,employment,position_ref,department,start_on,vog_on,oath_on,oath_kind,declaration_on\n" +
		"E1,Eva Jansen,Vast,F-INK,Inkoop,2026-01-05,2025-12-20,2026-01-19,eed,2026-01-02\n" +
		"R1,Kees Aydin,office_holder,P-RL,,2022-06-01,,,,\n" +
		"X1,Rob Bos,inhuur,,Inkoop,2026-02-01,2026-01-25,,,2026-13-01\n"

	res := e.upload(hr, map[string]string{"people": people, "positions": positions})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Er is niets ingelezen: het bestand bevat 1 fout.") ||
		!strings.Contains(res.body, "<code>declaration_on</code>") || !strings.Contains(res.body, "&#39;2026-13-01&#39; is geen datum") {
		t.Fatalf("bad import: %d\n%s", res.StatusCode, res.body)
	}
	if !strings.Contains(res.body, `<td class="utrecht-table__cell utrecht-table__cell--numeric">4</td>`) {
		t.Error("the problem does not name row 4")
	}
	if n := peopleCount(t, e, org.ID); n != 0 {
		t.Fatalf("a refused import stored %d people", n)
	}
	if list, _ := e.store.Positions(context.Background(), org.ID); len(list) != 0 {
		t.Fatal("a refused import stored positions")
	}

	fixed := strings.Replace(people, "2026-13-01", "2026-01-30", 1)
	res = e.upload(hr, map[string]string{"people": fixed, "positions": positions})
	wantRedirect(t, res, "/helmond/people/import?")
	if page := e.get(hr, res.location()); !strings.Contains(page.body, "Import geslaagd: 3 nieuw, 0 bijgewerkt.") ||
		!strings.Contains(page.body, "2 functies ingelezen.") {
		t.Fatalf("after import:\n%s", page.body)
	}
	// Again, with a change: updated, never doubled; positions may be left out.
	res = e.upload(hr, map[string]string{"people": strings.Replace(fixed, "Rob Bos", "Robert Bos", 1)})
	if page := e.get(hr, res.location()); !strings.Contains(page.body, "Import geslaagd: 0 nieuw, 1 bijgewerkt.") ||
		!strings.Contains(page.body, "2 personen waren al gelijk") {
		t.Fatalf("re-import:\n%s", page.body)
	}
	if n := peopleCount(t, e, org.ID); n != 3 {
		t.Fatalf("%d people after the re-import", n)
	}
	if p := personByRef(t, e, org.ID, "E1"); p.OathKind != "oath" || p.Employment != "permanent" {
		t.Errorf("Dutch labels read as %+v", p)
	}

	// No file, or a form that is no upload: refused without a crash.
	res = e.upload(hr, map[string]string{"positions": positions})
	wantRefused(t, res, http.StatusBadRequest, "Kies het bestand met personen (people.csv).")
	res = e.post(hr, "/helmond/people/import", url.Values{})
	wantRefused(t, res, http.StatusBadRequest, "Kies het bestand met personen")
	assertAudited(t, e, org.ID, "people.import")
}

// upload posts the import form with the files (field name → content).
func (e *env) upload(cookie string, files map[string]string) response {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, field := range []string{"people", "positions"} {
		w, err := mw.CreateFormFile(field, map[bool]string{true: field + ".csv", false: ""}[files[field] != ""])
		if err != nil {
			e.t.Fatal(err)
		}
		w.Write([]byte(files[field]))
	}
	if err := mw.Close(); err != nil {
		e.t.Fatal(err)
	}
	return e.send(http.MethodPost, "/helmond/people/import", mw.FormDataContentType(), &buf,
		map[string]string{"Cookie": "integer_session=" + cookie})
}

func peopleCount(t *testing.T, e *env, orgID int64) int {
	t.Helper()
	list, err := e.store.People(context.Background(), orgID, store.PeopleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func personByRef(t *testing.T, e *env, orgID int64, ref string) *domain.Person {
	t.Helper()
	list, err := e.store.People(context.Background(), orgID, store.PeopleFilter{Search: ref})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if p.Ref == ref {
			return p
		}
	}
	t.Fatalf("no person %s", ref)
	return nil
}

func TestPeoplePagesInEnglish(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	hr := e.session(e.user(org, "pieter", domain.RoleHR), domain.StateFull)
	pos := &domain.Position{OrgID: org.ID, Ref: "F1", Title: "Jurist"}
	if err := e.store.SavePosition(context.Background(), store.CLI, pos); err != nil {
		t.Fatal(err)
	}
	p := &domain.Person{OrgID: org.ID, Ref: "1", Name: "Eva", Employment: "intern", PositionID: pos.ID}
	if err := e.store.SavePerson(context.Background(), store.CLI, p); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/helmond/people", "/helmond/people/new", fmt.Sprintf("/helmond/people/%d", p.ID), "/helmond/people/import",
		"/helmond/positions", "/helmond/positions/new", fmt.Sprintf("/helmond/positions/%d", pos.ID), "/helmond/compliance"} {
		res := e.do(request{path: path, header: map[string]string{"Cookie": "integer_lang=en; integer_session=" + hr}})
		if res.StatusCode != 200 || strings.Contains(res.body, "[people.") || strings.Contains(res.body, "[compliance.") ||
			strings.Contains(res.body, "[positions.") || !strings.Contains(res.body, `lang="en"`) {
			t.Errorf("%s: %d\n%s", path, res.StatusCode, res.body)
		}
	}
}
