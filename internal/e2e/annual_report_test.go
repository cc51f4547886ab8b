package e2e

import (
	"os"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
)

// TestAnnualReportAccessibility runs axe-core on the controller's annual
// report: the report of a year whose registers hold nothing ("niet
// geregistreerd" and the panel to state "none" open), and after stating
// none for one register.
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
}
