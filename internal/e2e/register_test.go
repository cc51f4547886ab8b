package e2e

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestRegisterAccessibility runs axe-core on the public register of outside
// activities (empty and filled, in both languages), and on the pages of HR
// and of the employee that fill it: lists, forms, a refused form, the edit
// page with its assessment, financial interests, and the employee's own
// list, form and entry.
func TestRegisterAccessibility(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	axe := string(src)
	srv := newServer(t)
	ctx := context.Background()
	st := srv.app.Store

	// The empty register, without login.
	p := newPage(t, srv)
	p.expect(p.open("register"), 200, "register", "Register nevenwerkzaamheden")
	p.checkAccessibility("public register, empty", axe)

	// People: an alderman, an official in a designated position, and the
	// employee who logs in.
	position := func(ref, title string, designated bool, political string) *domain.Position {
		pos := &domain.Position{OrgID: srv.org.ID, Ref: ref, Title: title, DesignatedPublication: designated,
			DesignatedFinancial: designated, Political: domain.PoliticalOffice(political)}
		if err := st.SavePosition(ctx, store.CLI, pos); err != nil {
			t.Fatal(err)
		}
		return pos
	}
	person := func(ref, name string, pos *domain.Position, userID int64) *domain.Person {
		pe := &domain.Person{OrgID: srv.org.ID, Ref: ref, Name: name, Employment: "permanent", PositionID: pos.ID, UserID: userID}
		if pos.Political != "" {
			pe.Employment = "office_holder"
		}
		if err := st.SavePerson(ctx, store.CLI, pe); err != nil {
			t.Fatal(err)
		}
		return pe
	}
	inkoper := position("F-INK", "Inkoopadviseur", true, "")
	alderman := person("W01", "Kees de Wit", position("W", "Wethouder Financiën", false, "alderman"), 0)
	official := person("1001", "Eva Jansen", inkoper, 0)
	emp := srv.newUser(t, "fatima", domain.RoleEmployee)
	me := person("1002", "Fatima Yilmaz", inkoper, emp.ID)
	income := int64(6200)
	day := time.Now().AddDate(0, -1, 0)
	acts := []*domain.OutsideActivity{
		{PersonID: alderman.ID, Activity: "Docent", Organisation: "Hogeschool Zuiderpoort", Paid: true, IncomeEUR: &income},
		{PersonID: alderman.ID, Activity: "Voorzitter", Organisation: "Stichting Stadsfestival"},
		{PersonID: official.ID, Activity: "Penningmeester", Organisation: "Stichting Buurthuis De Brug", HoursPerMonth: 4},
		{PersonID: me.ID, Activity: "Trainer jeugdteam", Organisation: "Korfbalclub Vlug", HoursPerMonth: 6},
	}
	for i, a := range acts {
		a.Status, a.ReportedOn = "reported", day
		if i == 3 { // more than a year old: to be confirmed again
			a.ReportedOn = day.AddDate(-1, -1, 0)
		}
		if err := st.CreateOutsideActivity(ctx, store.CLI, srv.org.ID, a); err != nil {
			t.Fatal(err)
		}
		if err := st.AssessOutsideActivity(ctx, store.CLI, srv.org.ID, a.ID, "allowed", "", &day); err != nil {
			t.Fatal(err)
		}
	}

	p.expect(p.open("register"), 200, "register", "Register nevenwerkzaamheden")
	if body := p.text("main"); !strings.Contains(body, "Kees de Wit") || !strings.Contains(body, "€ 6.200") || strings.Contains(body, "Eva Jansen") {
		t.Errorf("the register shows:\n%s", body)
	}
	p.checkAccessibility("public register", axe)
	p.expect(p.click(`form[action="/lang"] button`), 200, "register", "Register of outside activities")
	p.checkAccessibility("public register in English", axe)

	// HR: log in, set up the second factor.
	srv.newUser(t, "petra", domain.RoleHR)
	h := newPage(t, srv)
	h.expect(h.open("login"), 200, "login", "")
	h.expect(h.login("petra"), 200, "enrol", "")
	code, err := auth.TOTPCode(h.text("code.secret"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	h.fill("code", code)
	h.expect(h.submit(), 200, "enrol", "")

	h.expect(h.open("outside-activities"), 200, "outside-activities", "Nevenwerkzaamheden")
	if !strings.Contains(h.text("main"), "Opnieuw te bevestigen (1)") {
		t.Error("no activity to confirm again")
	}
	h.checkAccessibility("outside activities", axe)
	h.expect(h.open("outside-activities/new"), 200, "outside-activities/new", "Nevenwerkzaamheid registreren")
	h.checkAccessibility("new outside activity", axe)
	eval[bool](h, `(document.getElementById('f-person').value = '`+regID(official.ID)+`') !== ''`)
	h.fill("activity", "Bestuurslid")
	h.fill("organisation", "Voetbalvereniging De Ster")
	h.fill("hours_per_month", "veel")
	h.expect(h.submit(), 400, "outside-activities", "Nevenwerkzaamheid registreren")
	h.checkAccessibility("new outside activity, refused", axe)
	edit := "outside-activities/" + regID(acts[2].ID)
	h.expect(h.open(edit), 200, edit, "Nevenwerkzaamheid bewerken")
	h.checkAccessibility("edit outside activity", axe)
	eval[bool](h, `(document.getElementById('f-assessment').value = 'not_allowed') !== ''`)
	h.expect(h.click(`form[action$="/assess"] button[type=submit]`), 400, edit+"/assess", "Nevenwerkzaamheid bewerken")
	h.checkAccessibility("edit outside activity, assessment refused", axe)

	h.expect(h.open("financial-interests"), 200, "financial-interests", "Financiële belangen")
	h.checkAccessibility("financial interests", axe)
	h.expect(h.open("financial-interests/new"), 200, "financial-interests/new", "Financieel belang registreren")
	h.checkAccessibility("new financial interest", axe)
	eval[bool](h, `(document.getElementById('f-person').value = '`+regID(official.ID)+`') !== ''`)
	eval[bool](h, `(document.getElementById('f-kind').value = 'shares') !== ''`)
	eval[bool](h, `(document.getElementById('f-assessment').value = 'conflict') !== ''`)
	eval[bool](h, `(document.getElementById('f-description').value = 'Aandelen in een bouwbedrijf') !== ''`)
	h.expect(h.submit(), 400, "financial-interests", "Financieel belang registreren")
	h.checkAccessibility("new financial interest, refused", axe)

	// The employee: a password is enough.
	e := newPage(t, srv)
	e.expect(e.open("login"), 200, "login", "")
	e.expect(e.login("fatima"), 200, "dashboard", "")
	e.expect(e.open("my/outside-activities"), 200, "my/outside-activities", "Mijn nevenwerkzaamheden")
	e.checkAccessibility("my outside activities", axe)
	e.expect(e.open("my/outside-activities/new"), 200, "my/outside-activities/new", "Nevenwerkzaamheid melden")
	e.checkAccessibility("report an outside activity", axe)
	e.fill("activity", "Bijles wiskunde")
	e.fill("organisation", "Eigen onderneming")
	e.fill("hours_per_month", "veel")
	e.expect(e.submit(), 400, "my/outside-activities", "Nevenwerkzaamheid melden")
	e.checkAccessibility("report an outside activity, refused", axe)
	mine := "my/outside-activities/" + regID(acts[3].ID)
	e.expect(e.open(mine), 200, mine, "Trainer jeugdteam")
	e.checkAccessibility("my outside activity", axe)
}

// regID writes a record number for a path.
func regID(id int64) string { return strconv.FormatInt(id, 10) }
