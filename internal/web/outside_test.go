package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
	"github.com/xuri/excelize/v2"
)

// outsideFixture is an organisation with positions and people: Eva in a
// position designated for publication and financial interests, Jan in a
// plain one, Kees an alderman.
type outsideFixture struct {
	org, other      *domain.Organisation
	inkoper, plain  *domain.Position
	wethouder       *domain.Position
	eva, jan, kees  *domain.Person
	hr, coord, away string // session cookies: HR, a coordinator, HR of another organisation
}

func newOutsideFixture(t *testing.T, e *env) *outsideFixture {
	t.Helper()
	x := &outsideFixture{org: e.org("helmond"), other: e.org("huizen")}
	x.inkoper = outPosition(t, e, x.org, "F-INK", "Inkoper", true, "")
	x.plain = outPosition(t, e, x.org, "F-ADM", "Administratief medewerker", false, "")
	x.wethouder = outPosition(t, e, x.org, "W-FIN", "Wethouder Financiën", false, "alderman")
	x.eva = outPerson(t, e, x.org, "1001", "Eva Jansen", x.inkoper, 0)
	x.jan = outPerson(t, e, x.org, "1002", "Jan Smit", x.plain, 0)
	x.kees = outPerson(t, e, x.org, "W01", "Kees de Wit", x.wethouder, 0)
	x.hr = e.session(e.user(x.org, "pieter", domain.RoleHR), domain.StateFull)
	x.coord = e.session(e.user(x.org, "coord", domain.RoleCoordinator), domain.StateFull)
	x.away = e.session(e.user(x.other, "elders", domain.RoleHR), domain.StateFull)
	return x
}

func outPosition(t *testing.T, e *env, org *domain.Organisation, ref, title string, designated bool, political string) *domain.Position {
	t.Helper()
	p := &domain.Position{OrgID: org.ID, Ref: ref, Title: title, DesignatedPublication: designated, DesignatedFinancial: designated, Political: domain.PoliticalOffice(political)}
	if err := e.store.SavePosition(context.Background(), store.CLI, p); err != nil {
		t.Fatal(err)
	}
	return p
}

func outPerson(t *testing.T, e *env, org *domain.Organisation, ref, name string, pos *domain.Position, userID int64) *domain.Person {
	t.Helper()
	p := &domain.Person{OrgID: org.ID, Ref: ref, Name: name, Employment: "permanent", PositionID: pos.ID, UserID: userID}
	if pos.Political != "" {
		p.Employment = "office_holder"
	}
	if err := e.store.SavePerson(context.Background(), store.CLI, p); err != nil {
		t.Fatal(err)
	}
	return p
}

// outActivity stores an activity through the store and assesses it.
func outActivity(t *testing.T, e *env, orgID int64, a *domain.OutsideActivity, assessment, reasons string) *domain.OutsideActivity {
	t.Helper()
	ctx := context.Background()
	if a.Status == "" {
		a.Status = "reported"
	}
	if a.ReportedOn.IsZero() {
		a.ReportedOn = time.Now().AddDate(0, -1, 0)
	}
	if err := e.store.CreateOutsideActivity(ctx, store.CLI, orgID, a); err != nil {
		t.Fatal(err)
	}
	if assessment != "pending" {
		day := time.Now()
		if err := e.store.AssessOutsideActivity(ctx, store.CLI, orgID, a.ID, domain.OutsideAssessment(assessment), reasons, &day); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

func outCount(t *testing.T, e *env, orgID int64, f store.OutsideFilter) int {
	t.Helper()
	list, err := e.store.OutsideActivities(context.Background(), orgID, f)
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func outLatest(t *testing.T, e *env, table string, orgID int64) int64 {
	t.Helper()
	var id int64
	if err := e.store.DB().QueryRow(`SELECT COALESCE(MAX(id), 0) FROM `+table+` WHERE org_id = $1`, orgID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestOutsideActivitiesSQLite(t *testing.T) { testOutsideActivities(t, "") }

func TestOutsideActivitiesPostgres(t *testing.T) { testOutsideActivities(t, dbtest.PostgresURL(t)) }

// testOutsideActivities registers, edits, assesses, confirms, lists,
// filters, exports and deletes outside activities through the pages, as HR.
func testOutsideActivities(t *testing.T, dsn string) {
	e := newEnv(t, dsn)
	ctx := context.Background()
	x := newOutsideFixture(t, e)
	today := time.Now().In(recAmsterdam(t))
	day := func(d time.Time) string { return d.Format("2006-01-02") }

	// The form proposes today and lists the people with their position.
	res := e.get(x.hr, "/helmond/outside-activities/new")
	if res.StatusCode != 200 || !strings.Contains(res.body, `value="`+day(today)+`"`) || !strings.Contains(res.body, "Eva Jansen (1001) – Inkoper") {
		t.Fatalf("new form: %d\n%s", res.StatusCode, res.body)
	}

	// Bad input: a message at each field, what was typed kept, nothing stored.
	res = e.post(x.hr, "/helmond/outside-activities", url.Values{"person": {fmt.Sprint(x.jan.ID)}, "activity": {""},
		"organisation": {"Voetbalvereniging De Ster"}, "hours_per_month": {"veel"}, "income_eur": {"1.200"}, "status": {"reported"},
		"reported_on": {day(today.AddDate(0, 0, 3))}, "start_on": {"2026-05-01"}, "end_on": {"2026-04-01"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad input: %d", res.StatusCode)
	}
	for _, msg := range []string{"Vul in welke nevenwerkzaamheid het is.", "Vul een heel aantal uren in, bijvoorbeeld 4.",
		"Een onbetaalde nevenwerkzaamheid heeft geen inkomsten.", "Deze datum ligt in de toekomst.", "De einddatum ligt vóór de begindatum.",
		"Controleer de gemarkeerde velden. Er is niets opgeslagen.", `value="Voetbalvereniging De Ster"`, `value="veel"`} {
		if !strings.Contains(res.body, msg) {
			t.Errorf("bad input page lacks %q", msg)
		}
	}
	// The store's own refusal: an income for an official.
	res = e.post(x.hr, "/helmond/outside-activities", url.Values{"person": {fmt.Sprint(x.jan.ID)}, "activity": {"Penningmeester"},
		"organisation": {"Stichting Buurthuis"}, "paid": {"1"}, "income_eur": {"800"}, "status": {"reported"}, "reported_on": {day(today)}})
	wantRefused(t, res, http.StatusBadRequest, "Inkomsten worden alleen vastgelegd voor politieke ambtsdragers.")
	if n := outCount(t, e, x.org.ID, store.OutsideFilter{}); n != 0 {
		t.Fatalf("bad input stored %d", n)
	}

	// A valid one: pending, with the person's position.
	reported := today.AddDate(0, 0, -10)
	res = e.post(x.hr, "/helmond/outside-activities", url.Values{"person": {fmt.Sprint(x.eva.ID)}, "activity": {"Penningmeester"},
		"organisation": {"Stichting Buurthuis Noord"}, "paid": {"1"}, "hours_per_month": {"6"}, "status": {"reported"},
		"reported_on": {reported.Format("02-01-2006")}, "start_on": {"2024-01-01"}})
	id := outLatest(t, e, "outside_activities", x.org.ID)
	page := fmt.Sprintf("/helmond/outside-activities/%d", id)
	wantRedirect(t, res, page+"?done=created")
	a, err := e.store.OutsideActivity(ctx, x.org.ID, id)
	if err != nil || a.PositionID != x.inkoper.ID || a.Assessment != "pending" || a.HoursPerMonth != 6 || !a.Paid {
		t.Fatalf("stored = %+v, %v", a, err)
	}
	res = e.get(x.hr, page+"?done=created")
	if !strings.Contains(res.body, "De nevenwerkzaamheid is geregistreerd.") || !strings.Contains(res.body, "Stichting Buurthuis Noord") {
		t.Fatalf("edit page:\n%s", res.body)
	}
	if reg := e.do(request{path: "/helmond/register"}); strings.Contains(reg.body, "Stichting Buurthuis Noord") {
		t.Fatal("a pending activity is in the public register")
	}

	// Edit: bad input changes nothing; then a change.
	edit := url.Values{"person": {fmt.Sprint(x.eva.ID)}, "activity": {"Penningmeester"}, "organisation": {"Stichting Buurthuis Noord"},
		"paid": {"1"}, "hours_per_month": {"800"}, "status": {"reported"}, "reported_on": {day(reported)}}
	wantRefused(t, e.post(x.hr, page, edit), http.StatusBadRequest, "Vul een aantal uren per maand in van 0 tot en met 744.")
	edit.Set("hours_per_month", "8")
	wantRedirect(t, e.post(x.hr, page, edit), page+"?done=saved")
	if a, _ := e.store.OutsideActivity(ctx, x.org.ID, id); a.HoursPerMonth != 8 {
		t.Fatalf("hours = %d", a.HoursPerMonth)
	}

	// Assess: conditions need reasons; then allowed with conditions, which
	// publishes it by position title, without the name, hours or reasons.
	res = e.post(x.hr, page+"/assess", url.Values{"assessment": {"allowed_with_conditions"}, "assessed_on": {day(today)}, "reasons": {""}})
	wantRefused(t, res, http.StatusBadRequest, "Vul de voorwaarden in.")
	const reasons = "Geen opdrachten van de gemeente aan de stichting beoordelen."
	res = e.post(x.hr, page+"/assess", url.Values{"assessment": {"allowed_with_conditions"}, "assessed_on": {day(today)}, "reasons": {reasons}})
	wantRedirect(t, res, page+"?done=assessed")
	res = e.get(x.hr, page)
	for _, want := range []string{"Toegestaan onder voorwaarden", reasons, "pieter"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("assessed page lacks %q", want)
		}
	}
	reg := e.do(request{path: "/helmond/register"})
	if !strings.Contains(reg.body, "Stichting Buurthuis Noord") || !strings.Contains(reg.body, "Inkoper") ||
		strings.Contains(reg.body, "Eva Jansen") || strings.Contains(reg.body, reasons) {
		t.Fatalf("register after the assessment:\n%s", reg.body)
	}

	// More: an alderman's position last confirmed 14 months ago, a refused
	// one of Jan last year, one of another organisation.
	old := outActivity(t, e, x.org.ID, &domain.OutsideActivity{PersonID: x.kees.ID, Activity: "Voorzitter", Organisation: "Stichting Stadsfestival",
		ReportedOn: today.AddDate(0, -14, 0)}, "pending", "")
	outActivity(t, e, x.org.ID, &domain.OutsideActivity{PersonID: x.jan.ID, Activity: "Adviseur", Organisation: "Aannemersbedrijf Bouwlust",
		Paid: true, ReportedOn: time.Date(today.Year()-1, 6, 1, 12, 0, 0, 0, time.UTC)}, "not_allowed", "Opdrachtnemer van de gemeente.")
	outActivity(t, e, x.other.ID, &domain.OutsideActivity{PersonID: outPerson(t, e, x.other, "X1", "Iemand Elders",
		outPosition(t, e, x.other, "F", "Elders", true, ""), 0).ID, Activity: "Elders", Organisation: "Elders BV"}, "allowed", "")

	list := e.get(x.hr, "/helmond/outside-activities?done=assessed")
	for _, want := range []string{"De beoordeling is vastgelegd.", "Opnieuw te bevestigen (1)", "Stichting Stadsfestival", "Aannemersbedrijf Bouwlust",
		"Niet toegestaan", "(3 in deze lijst)"} {
		if !strings.Contains(list.body, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	if strings.Contains(list.body, "Elders BV") {
		t.Error("the list shows another organisation's activity")
	}
	lastYear := fmt.Sprint(today.Year() - 1)
	for q, want := range map[string]int{
		"?assessment=not_allowed": 1, "?published=yes": 2, "?published=no": 1, fmt.Sprintf("?person=%d", x.jan.ID): 1,
		"?year=" + lastYear:             outCount(t, e, x.org.ID, store.OutsideFilter{Year: today.Year() - 1}),
		"?assessment=bogus&sort=person": 3, "?sort=assessment&published=maybe": 3,
	} {
		res := e.get(x.hr, "/helmond/outside-activities"+q)
		if res.StatusCode != 200 || !strings.Contains(res.body, fmt.Sprintf("(%d in deze lijst)", want)) {
			t.Errorf("list %s: %d, want %d", q, res.StatusCode, want)
		}
	}

	// Exports carry the filters and every field; they parse back.
	res = e.get(x.hr, "/helmond/outside-activities?published=yes&sort=person&format=csv")
	rows, err := recCSV(res.body)
	if err != nil || len(rows) != 3 || rows[0][2] != "Naam" || rows[1][2] != "Eva Jansen" || rows[1][15] != reasons || rows[2][17] != "Ja" {
		t.Fatalf("csv: %q %v", rows, err)
	}
	res = e.get(x.hr, "/helmond/outside-activities?year="+lastYear+"&format=xlsx")
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
	if err != nil {
		t.Fatal(err)
	}
	xrows, _ := f.GetRows(f.GetSheetName(0))
	adviser := false
	for _, r := range xrows[1:] {
		adviser = adviser || (len(r) > 4 && r[4] == "Adviseur")
	}
	if f.GetSheetName(0) != "Nevenwerkzaamheden "+lastYear || len(xrows) != outCount(t, e, x.org.ID, store.OutsideFilter{Year: today.Year() - 1})+1 || !adviser {
		t.Errorf("xlsx %q: %v", f.GetSheetName(0), xrows)
	}

	// Re-confirmation takes the alderman's position off the reminders.
	wantRedirect(t, e.post(x.hr, fmt.Sprintf("/helmond/outside-activities/%d/confirm", old.ID), nil), "/helmond/outside-activities?done=confirmed")
	if res := e.get(x.hr, "/helmond/outside-activities"); !strings.Contains(res.body, "Alle lopende nevenwerkzaamheden zijn in de afgelopen 12 maanden bevestigd.") {
		t.Error("the reminder is still there")
	}

	// Counts for the annual report, in the year Eva's activity was reported
	// (in the first ten days of January that is last year).
	c, err := e.store.OutsideActivityCounts(ctx, x.org.ID, reported.Year())
	if err != nil || c.Reported != outCount(t, e, x.org.ID, store.OutsideFilter{Year: reported.Year()}) || c.AllowedWithConditions != 1 {
		t.Fatalf("counts = %+v, %v", c, err)
	}

	// Role separation and organisations.
	for _, p := range []string{"/helmond/outside-activities", page, "/helmond/financial-interests"} {
		if res := e.get(x.coord, p); res.StatusCode != http.StatusForbidden {
			t.Errorf("coordinator %s: %d", p, res.StatusCode)
		}
	}
	if res := e.get(x.away, fmt.Sprintf("/huizen/outside-activities/%d", id)); res.StatusCode != http.StatusNotFound {
		t.Errorf("another organisation's activity: %d", res.StatusCode)
	}
	if res := e.post(x.away, fmt.Sprintf("/huizen/outside-activities/%d/assess", id), url.Values{"assessment": {"not_allowed"},
		"reasons": {"x"}, "assessed_on": {day(today)}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("assessment from another organisation: %d", res.StatusCode)
	}
	if res := e.post(x.away, fmt.Sprintf("/huizen/outside-activities/%d/delete", id), nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("delete from another organisation: %d", res.StatusCode)
	}

	// Delete.
	wantRedirect(t, e.post(x.hr, page+"/delete", nil), "/helmond/outside-activities?done=deleted")
	if res := e.get(x.hr, page); res.StatusCode != http.StatusNotFound {
		t.Fatalf("deleted activity: %d", res.StatusCode)
	}
	assertAudited(t, e, x.org.ID, "outside.create", "outside.update", "outside.assess", "outside.confirm", "outside.delete", "outside.export")
}

func TestFinancialInterestsPages(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	x := newOutsideFixture(t, e)
	today := time.Now().In(recAmsterdam(t)).Format("2006-01-02")

	res := e.get(x.hr, "/helmond/financial-interests/new")
	if res.StatusCode != 200 || !strings.Contains(res.body, "Eva Jansen (1001)") || strings.Contains(res.body, "Jan Smit") {
		t.Fatalf("new form lists %d\n%s", res.StatusCode, res.body)
	}
	// Jan's position is not designated: refused with a Dutch message, typed kept.
	const descr = "Aandelen in Bouwbedrijf Noord BV, leverancier van de gemeente"
	res = e.post(x.hr, "/helmond/financial-interests", url.Values{"person": {fmt.Sprint(x.jan.ID)}, "kind": {"shares"},
		"description": {descr}, "reported_on": {today}, "assessment": {"pending"}})
	wantRefused(t, res, http.StatusBadRequest, "Deze persoon heeft geen functie die is aangewezen voor het melden van financiële belangen.")
	if !strings.Contains(res.body, descr) {
		t.Error("the description typed is lost")
	}
	res = e.post(x.hr, "/helmond/financial-interests", url.Values{"person": {fmt.Sprint(x.eva.ID)}, "kind": {"gold"},
		"description": {descr}, "reported_on": {today}, "assessment": {"conflict"}})
	for _, msg := range []string{"Kies de soort belang.", "Vul in waarom het belang strijdig is en wat er volgt."} {
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, msg) {
			t.Errorf("bad input: %d lacks %q", res.StatusCode, msg)
		}
	}
	if id := outLatest(t, e, "financial_interests", x.org.ID); id != 0 {
		t.Fatal("bad input stored an interest")
	}
	res = e.post(x.hr, "/helmond/financial-interests", url.Values{"person": {fmt.Sprint(x.eva.ID)}, "kind": {"shares"},
		"description": {descr}, "reported_on": {today}, "assessment": {"pending"}})
	wantRedirect(t, res, "/helmond/financial-interests?done=created")
	id := outLatest(t, e, "financial_interests", x.org.ID)
	page := fmt.Sprintf("/helmond/financial-interests/%d", id)
	res = e.post(x.hr, page, url.Values{"person": {fmt.Sprint(x.eva.ID)}, "kind": {"shares"}, "description": {descr},
		"reported_on": {today}, "assessment": {"measures_taken"}, "reasons": {"Aandelen ondergebracht bij een beheerder."}})
	wantRedirect(t, res, "/helmond/financial-interests?done=saved")
	if fi, _ := e.store.FinancialInterest(ctx, x.org.ID, id); fi.Assessment != "measures_taken" || fi.AssessedOn == nil {
		t.Fatalf("updated = %+v", fi)
	}
	list := e.get(x.hr, "/helmond/financial-interests?done=saved")
	for _, want := range []string{"De wijzigingen zijn opgeslagen.", "Eva Jansen", "Aandelen", "Maatregelen getroffen", "(1 in deze lijst)"} {
		if !strings.Contains(list.body, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	for q, want := range map[string]int{"?kind=bonds": 0, "?assessment=measures_taken": 1, fmt.Sprintf("?person=%d", x.jan.ID): 0} {
		if res := e.get(x.hr, "/helmond/financial-interests"+q); !strings.Contains(res.body, fmt.Sprintf("(%d in deze lijst)", want)) {
			t.Errorf("list %s: want %d", q, want)
		}
	}
	rows, err := recCSV(e.get(x.hr, "/helmond/financial-interests?format=csv").body)
	if err != nil || len(rows) != 2 || rows[1][5] != descr {
		t.Fatalf("csv %q %v", rows, err)
	}
	xl := e.get(x.hr, "/helmond/financial-interests?format=xlsx")
	if f, err := excelize.OpenReader(bytes.NewReader([]byte(xl.body))); err != nil {
		t.Fatal(err)
	} else if r, _ := f.GetRows(f.GetSheetName(0)); len(r) != 2 {
		t.Fatalf("xlsx rows %v", r)
	}
	// Never public.
	if res := e.do(request{path: "/helmond/register"}); strings.Contains(res.body, "Bouwbedrijf Noord") {
		t.Error("a financial interest is in the public register")
	}
	if res := e.get(x.away, "/huizen/financial-interests/"+fmt.Sprint(id)); res.StatusCode != http.StatusNotFound {
		t.Errorf("another organisation: %d", res.StatusCode)
	}
	for _, p := range []string{"/helmond/financial-interests", page, "/helmond/financial-interests/new"} {
		res := e.do(request{path: p, header: map[string]string{"Cookie": "integer_lang=en; integer_session=" + x.hr}})
		if res.StatusCode != 200 || strings.Contains(res.body, "[financial.") || strings.Contains(res.body, "[outside.") {
			t.Errorf("%s in English: %d", p, res.StatusCode)
		}
	}
	wantRedirect(t, e.post(x.hr, page+"/delete", nil), "/helmond/financial-interests?done=deleted")
	assertAudited(t, e, x.org.ID, "financial.create", "financial.update", "financial.delete", "financial.export")
}

// TestMyOutsideActivities: an employee reports their own activities, sees
// only theirs, confirms them, and cannot assess.
func TestMyOutsideActivities(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	x := newOutsideFixture(t, e)
	fatima := e.user(x.org, "fatima", domain.RoleEmployee)
	nobody := e.session(e.user(x.org, "nobody", domain.RoleEmployee), domain.StateFull)
	me := outPerson(t, e, x.org, "1003", "Fatima Yilmaz", x.inkoper, fatima.ID)
	cookie := e.session(fatima, domain.StateFull)

	// Without a linked person: ask HR; posting stores nothing.
	for _, res := range []response{e.get(nobody, "/helmond/my/outside-activities"), e.get(nobody, "/helmond/my/outside-activities/new")} {
		if res.StatusCode != 200 || !strings.Contains(res.body, "Vraag HR om de koppeling") {
			t.Fatalf("no person: %d\n%s", res.StatusCode, res.body)
		}
	}
	res := e.post(nobody, "/helmond/my/outside-activities", url.Values{"activity": {"Trainer"}, "organisation": {"Korfbalclub"}, "status": {"reported"}})
	if res.StatusCode != http.StatusConflict || outCount(t, e, x.org.ID, store.OutsideFilter{}) != 0 {
		t.Fatalf("no person post: %d", res.StatusCode)
	}

	// Bad input keeps what was typed; the income field is not offered to an official.
	res = e.get(cookie, "/helmond/my/outside-activities/new")
	if res.StatusCode != 200 || strings.Contains(res.body, `name="income_eur"`) {
		t.Fatalf("form: %d\n%s", res.StatusCode, res.body)
	}
	res = e.post(cookie, "/helmond/my/outside-activities", url.Values{"activity": {""}, "organisation": {"Korfbalclub Vlug"}, "status": {"sometimes"}})
	for _, msg := range []string{"Vul in welke nevenwerkzaamheid het is.", "Kies of de nevenwerkzaamheid al wordt uitgeoefend of voorgenomen is.",
		`value="Korfbalclub Vlug"`} {
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, msg) {
			t.Errorf("bad input: %d lacks %q", res.StatusCode, msg)
		}
	}
	// A report: intended, pending, for today, whatever else is posted.
	res = e.post(cookie, "/helmond/my/outside-activities", url.Values{"activity": {"Trainer jeugdteam"}, "organisation": {"Korfbalclub Vlug"},
		"status": {"intended"}, "hours_per_month": {"10"}, "assessment": {"allowed"}, "reported_on": {"2020-01-01"}, "person": {fmt.Sprint(x.eva.ID)}})
	wantRedirect(t, res, "/helmond/my/outside-activities?done=created")
	mine, _ := e.store.OutsideActivities(ctx, x.org.ID, store.OutsideFilter{PersonID: me.ID})
	if len(mine) != 1 || mine[0].Assessment != "pending" || mine[0].Status != "intended" || mine[0].PositionID != x.inkoper.ID ||
		!mine[0].ReportedOn.Equal(domain.Day(time.Now())) {
		t.Fatalf("mine = %+v", mine)
	}
	own := mine[0].ID
	evas := outActivity(t, e, x.org.ID, &domain.OutsideActivity{PersonID: x.eva.ID, Activity: "Penningmeester", Organisation: "Stichting Anders"}, "allowed", "")
	list := e.get(cookie, "/helmond/my/outside-activities?done=created")
	if !strings.Contains(list.body, "Uw melding is ontvangen.") || !strings.Contains(list.body, "Trainer jeugdteam") ||
		!strings.Contains(list.body, "In behandeling") || strings.Contains(list.body, "Stichting Anders") {
		t.Fatalf("my list:\n%s", list.body)
	}
	if res := e.get(cookie, fmt.Sprintf("/helmond/my/outside-activities/%d", own)); res.StatusCode != 200 || !strings.Contains(res.body, "Korfbalclub Vlug") {
		t.Fatalf("own view: %d", res.StatusCode)
	}
	// Another person's entry does not exist for this employee.
	if res := e.get(cookie, fmt.Sprintf("/helmond/my/outside-activities/%d", evas.ID)); res.StatusCode != http.StatusNotFound {
		t.Errorf("another's entry: %d", res.StatusCode)
	}
	if res := e.post(cookie, fmt.Sprintf("/helmond/my/outside-activities/%d/confirm", evas.ID), nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("confirming another's entry: %d", res.StatusCode)
	}
	if res := e.get(nobody, fmt.Sprintf("/helmond/my/outside-activities/%d", own)); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unlinked employee sees an entry: %d", res.StatusCode)
	}
	// An employee cannot assess, nor reach HR's pages.
	if res := e.post(cookie, fmt.Sprintf("/helmond/outside-activities/%d/assess", own), url.Values{"assessment": {"allowed"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("employee assessing: %d", res.StatusCode)
	}
	wantRedirect(t, e.post(cookie, fmt.Sprintf("/helmond/my/outside-activities/%d/confirm", own), nil), "/helmond/my/outside-activities?done=confirmed")
	if a, _ := e.store.OutsideActivity(ctx, x.org.ID, own); a.ConfirmedOn == nil || a.Assessment != "pending" {
		t.Fatalf("after confirming: %+v", a)
	}
	for _, p := range []string{"/helmond/my/outside-activities", "/helmond/my/outside-activities/new", fmt.Sprintf("/helmond/my/outside-activities/%d", own)} {
		res := e.do(request{path: p, header: map[string]string{"Cookie": "integer_lang=en; integer_session=" + cookie}})
		if res.StatusCode != 200 || strings.Contains(res.body, "[outside.") {
			t.Errorf("%s in English: %d", p, res.StatusCode)
		}
	}
	assertAudited(t, e, x.org.ID, "outside.create", "outside.confirm")
}

func TestOutsidePagesInEnglish(t *testing.T) {
	e := newEnv(t, "")
	x := newOutsideFixture(t, e)
	a := outActivity(t, e, x.org.ID, &domain.OutsideActivity{PersonID: x.kees.ID, Activity: "Voorzitter", Organisation: "Stichting"}, "pending", "")
	for _, p := range []string{"/helmond/outside-activities", "/helmond/outside-activities/new", fmt.Sprintf("/helmond/outside-activities/%d", a.ID)} {
		res := e.do(request{path: p, header: map[string]string{"Cookie": "integer_lang=en; integer_session=" + x.hr}})
		if res.StatusCode != 200 || strings.Contains(res.body, "[outside.") || !strings.Contains(res.body, `lang="en"`) {
			t.Errorf("%s: %d\n%s", p, res.StatusCode, res.body)
		}
	}
}
