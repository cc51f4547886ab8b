package e2e

import (
	"os"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
)

// TestActivitiesAndCouncilAccessibility runs axe-core on the pages of the
// activities and of the council clerk's registers: lists empty and filled,
// forms new, refused and for editing.
func TestActivitiesAndCouncilAccessibility(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	axe := string(src)
	srv := newServer(t)
	srv.newUser(t, "griffie", domain.RoleClerk, domain.RoleHR)
	p := newPage(t, srv)

	// Log in, set up the second factor.
	p.expect(p.open("login"), 200, "login", "")
	p.expect(p.login("griffie"), 200, "enrol", "")
	code, err := auth.TOTPCode(p.text("code.secret"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p.fill("code", code)
	p.expect(p.submit(), 200, "enrol", "")

	// Activities: the empty list, the form, a refusal, the filled list, the
	// edit page.
	p.expect(p.open("activities"), 200, "activities", "")
	p.checkAccessibility("activities, empty", axe)
	p.expect(p.open("activities/new"), 200, "activities/new", "Activiteit toevoegen")
	p.checkAccessibility("new activity", axe)
	p.fill("title", "Dilemmasessie voor het college")
	eval[bool](p, `(document.getElementById('f-kind').value = 'dilemma_session') !== ''`)
	p.expect(p.submit(), 400, "activities", "Activiteit toevoegen")
	p.checkAccessibility("new activity, refused", axe)
	eval[bool](p, `(document.getElementById('f-audience-executive').checked = true)`)
	p.fill("attendance", "7")
	p.expect(p.submit(), 200, "activities", "")
	p.checkAccessibility("activities with one", axe)
	p.expect(p.click("main table tbody a"), 200, "activities/1", "Activiteit wijzigen")
	p.checkAccessibility("edit activity", axe)

	// The council: the overview, each form, a refusal, a register's list.
	p.expect(p.open("council"), 200, "council", "")
	p.checkAccessibility("council overview, empty", axe)
	p.expect(p.open("council/questions/new"), 200, "council/questions/new", "Vraag vastleggen")
	p.checkAccessibility("new question", axe)
	eval[bool](p, `(document.getElementById('f-date').value = '2099-01-01') !== ''`)
	p.expect(p.submit(), 400, "council/questions", "Vraag vastleggen")
	p.checkAccessibility("new question, refused", axe)
	eval[bool](p, `(document.getElementById('f-date').value = '2020-01-01') !== ''`)
	p.expect(p.submit(), 200, "council/questions", "")
	p.checkAccessibility("questions list", axe)
	p.expect(p.open("council/screenings/new"), 200, "council/screenings/new", "Screening vastleggen")
	p.checkAccessibility("new screening", axe)
	p.expect(p.open("council/codes/new"), 200, "council/codes/new", "Versie vastleggen")
	p.checkAccessibility("new code of conduct", axe)
	p.fill("title", "Gedragscode raad")
	p.fill("version", "2020")
	eval[bool](p, `(document.getElementById('f-body').value = 'council') !== ''`)
	eval[bool](p, `(document.getElementById('f-adopted_on').value = '2020-02-02') !== ''`)
	p.expect(p.submit(), 200, "council/codes", "")
	p.expect(p.open("council?year=2020"), 200, "council", "")
	p.checkAccessibility("council overview, 2020", axe)
}
