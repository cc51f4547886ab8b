package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
)

// TestActionPlansAccessibility runs axe-core on every page of the action
// plans, as the controller who keeps them (the list, the plan, the action's
// form new, refused and for editing, the action, the quarterly report) and
// as the owner of an action (the dashboard, my actions, the action, its
// progress refused and saved).
func TestActionPlansAccessibility(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	axe := string(src)
	srv := newServer(t)
	srv.newUser(t, "controller", domain.RoleController)
	owner := srv.newUser(t, "anna", domain.RoleEmployee)
	p := newPage(t, srv)

	p.expect(p.open("login"), 200, "login", "")
	p.expect(p.login("controller"), 200, "enrol", "")
	code, err := auth.TOTPCode(p.text("code.secret"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p.fill("code", code)
	p.expect(p.submit(), 200, "enrol", "")

	p.expect(p.open("plans"), 200, "plans", "Plannen van aanpak")
	p.checkAccessibility("plans, empty", axe)
	p.fill("ref", "PVA-2025")
	p.fill("title", "Plan van aanpak integriteit 2025–2026")
	p.fill("from_year", "2026")
	p.fill("until_year", "2025")
	p.expect(p.submit(), 400, "plans", "Plannen van aanpak")
	p.checkAccessibility("new plan, refused", axe)
	p.fill("from_year", "2025")
	p.fill("until_year", "2026")
	resp := p.submit()
	if resp.Status != 200 {
		t.Fatalf("creating the plan: %d", resp.Status)
	}
	plan := p.location()[len(srv.path("")):]
	plan = plan[:len("plans/1")]
	p.checkAccessibility("plan without lines", axe)
	p.fill("line_title", "Bewustwording en het gesprek")
	p.expect(p.submit(), 200, plan, "Plan van aanpak integriteit 2025–2026")

	p.expect(p.open(plan+"/actions/new"), 200, plan+"/actions/new", "Actie toevoegen")
	p.checkAccessibility("new action", axe)
	eval[bool](p, `(document.getElementById('f-line').selectedIndex = 1) === 1`)
	eval[bool](p, `(document.getElementById('f-from').value = '2025-Q1') !== ''`)
	eval[bool](p, `(document.getElementById('f-until').value = '2025-Q4') !== ''`)
	eval[bool](p, fmt.Sprintf(`(document.getElementById('f-owner').value = '%d') !== ''`, owner.ID))
	eval[bool](p, `(document.getElementById('f-status').value = 'running') !== ''`)
	p.expect(p.submit(), 400, plan+"/actions", "Actie toevoegen") // no description
	p.checkAccessibility("new action, refused", axe)
	eval[bool](p, `(document.getElementById('f-description').value = 'Dilemmatraining voor alle teams') !== ''`)
	p.expect(p.submit(), 200, plan, "Plan van aanpak integriteit 2025–2026")
	p.checkAccessibility("plan with an overdue action", axe)
	p.expect(p.click("main table tbody a"), 200, "actions/1", "Actie 1")
	p.checkAccessibility("action, as the controller", axe)
	p.expect(p.open("actions/1/edit"), 200, "actions/1/edit", "Actie wijzigen")
	p.checkAccessibility("edit action", axe)
	p.expect(p.open(plan+"/progress"), 200, plan+"/progress", "")
	p.checkAccessibility("quarterly report", axe)

	// The owner: no second factor for an employee.
	o := newPage(t, srv)
	o.expect(o.open("login"), 200, "login", "")
	o.expect(o.login("anna"), 200, "dashboard", "")
	if got := o.text("main"); !strings.Contains(got, "U bent eigenaar van 1 actie") {
		t.Errorf("the owner's dashboard does not name the action: %q", got)
	}
	o.checkAccessibility("dashboard, as an owner", axe)
	o.expect(o.click(`main a[href$="/actions"]`), 200, "actions", "Mijn acties")
	o.checkAccessibility("my actions", axe)
	o.expect(o.click("main table tbody a"), 200, "actions/1", "Actie 1")
	o.checkAccessibility("action, as the owner", axe)
	eval[bool](o, `(document.getElementById('f-status').value = 'dropped') !== ''`)
	o.expect(o.submit(), 400, "actions/1/progress", "Actie 1")
	o.checkAccessibility("progress, refused", axe)
	eval[bool](o, `(document.getElementById('f-status').value = 'done') !== ''`)
	eval[bool](o, `(document.getElementById('f-note').value = 'Alle teams getraind.') !== ''`)
	o.expect(o.submit(), 200, "actions/1", "Actie 1")
	o.checkAccessibility("action with progress", axe)
}
