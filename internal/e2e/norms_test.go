package e2e

import (
	"os"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
)

// TestNormsScorecard: the controller opens the basic norms' scorecard,
// records the code of conduct with a mistake (a document of spaces), sees the
// message at its field, corrects it, and sees the norm met; axe-core finds
// no violation on the page, with and without the error, in both languages.
func TestNormsScorecard(t *testing.T) {
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
	p.expect(p.open("norms?year=2025"), 200, "norms", "Basisnormen integriteit")
	p.checkAccessibility("basic norms, nothing recorded", axe)

	p.do(`select[name="norm"]`, `el.value = "codes_of_conduct"`)
	p.do(`select[name="status"]`, `el.value = "met"`)
	eval[bool](p, `(document.getElementById('f-on').value = '2025-03-01') !== ''`)
	eval[bool](p, `(document.getElementById('f-document').value = '   ') !== ''`) // only spaces: the browser's check passes, the server's not
	p.expect(p.click(`form[action$="/norms/records"] button[type="submit"]`), 400, "norms/records", "Basisnormen integriteit")
	if msg := p.text("#f-document-err"); !strings.Contains(msg, "Noem het document") {
		t.Errorf("document error = %q", msg)
	}
	p.checkAccessibility("basic norms, record refused", axe)

	p.fill("document", "Raadsbesluit 2025/17")
	p.expect(p.click(`form[action$="/norms/records"] button[type="submit"]`), 200, "norms", "Basisnormen integriteit")
	if row := p.text("table.norms-table tbody tr:nth-child(2)"); !strings.Contains(row, "Gehaald") || !strings.Contains(row, "Raadsbesluit 2025/17") {
		t.Errorf("codes of conduct row = %q", row)
	}
	p.checkAccessibility("basic norms, one recorded", axe)

	p.expect(p.click(`form[action="/lang"] button`), 200, "norms", "Basic integrity norms")
	p.checkAccessibility("basic norms in English", axe)
}
