package e2e

import (
	"os"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
)

// TestAnnualReportAccessibility runs axe-core on the controller's annual
// report: the report of a year whose registers hold nothing ("niet
// geregistreerd" and the panel to state "none" open), and after stating
// none for one register; the organisation's facts refused at their fields,
// then saved, and the report's section "De organisatie" with them.
func TestAnnualReportAccessibility(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	axe := string(src)
	srv := newServer(t)
	srv.newUser(t, "ingrid", domain.RoleController)
	c := &handlerTab{newPage(t, srv)}
	c.enrol("ingrid")
	p := c.browserPage
	p.expect(p.open("annual-report?year=2021"), 200, "annual-report", "Jaarverslag integriteit 2021")
	eval[bool](p, `(document.getElementById('registers').open = true)`)
	p.checkAccessibility("annual report, nothing registered", axe)
	p.expect(p.click(`#registers form button[value="none"]`), 200, "annual-report", "Jaarverslag integriteit 2021")
	eval[bool](p, `(document.getElementById('registers').open = true)`)
	p.checkAccessibility("annual report, one register stated none", axe)

	eval[bool](p, `(document.getElementById('facts').open = true)`)
	p.fill("employees", "0")
	p.fill("internal_advisers", "twee")
	p.expect(p.click(`#facts form button[type=submit]`), 400, "annual-report/facts", "Jaarverslag integriteit 2021")
	if msg := p.text("#f-employees-err"); msg != "Het aantal medewerkers is minstens 1; laat het veld leeg als het niet bekend is." {
		t.Errorf("the employees' message %q", msg)
	}
	p.checkAccessibility("annual report, facts refused", axe)
	p.fill("employees", "1100")
	p.fill("internal_advisers", "2")
	p.expect(p.click(`#facts form button[type=submit]`), 200, "annual-report", "Jaarverslag integriteit 2021")
	if h := p.text("#organisation-h"); h != "De organisatie" {
		t.Errorf("the report's section heading %q, want \"De organisatie\"", h)
	}
	p.checkAccessibility("annual report with the organisation's facts", axe)
}
