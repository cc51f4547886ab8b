package e2e

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// TestRetentionJourney: the controller opens the destruction list (one
// report closed eleven years ago), approves it without a mandate and is
// told so, names the mandate, and reads the statement of destruction;
// axe-core finds no violation on any of these pages.
func TestRetentionJourney(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	axe := string(src)
	srv := newServer(t)
	st := srv.app.Store
	ctx := context.Background()
	keys, err := st.OrgKeys(ctx, srv.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	lookup, mailbox := seal.ReceiptKeys(auth.TestParams, seal.NewReceipt(), keys.ReceiptSalt)
	now := st.Now()
	r, err := st.CreateReport(ctx, store.Reporter, srv.org.ID, domain.NewReport{Channel: "officials", ReporterKind: "employee", Anonymous: true,
		ReceivedAt: now.AddDate(-12, 0, 0), Content: domain.ReportContent{What: "Oude melding"}}, store.Receipt{Lookup: lookup, Mailbox: mailbox})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec(`UPDATE reports SET state = $1, closed_at = $2 WHERE id = $3`, string(domain.StateClosed), now.AddDate(-11, 0, 0).UTC(), r.ID); err != nil {
		t.Fatal(err)
	}
	srv.newUser(t, "ingrid", domain.RoleController)
	c := &handlerTab{newPage(t, srv)}
	c.enrol("ingrid")
	p := c.browserPage
	p.expect(p.open("retention"), 200, "retention", "Bewaren en vernietigen")
	p.checkAccessibility("retention, one record due", axe)

	eval[bool](p, `(document.getElementById('f-authority').value = '   ') !== ''`) // the browser's check passes, the server's not
	p.expect(p.click(`form[action$="/retention/destroy"] button[type="submit"]`), 400, "retention/destroy", "Bewaren en vernietigen")
	if msg := p.text("#f-authority-err"); !strings.Contains(msg, "mandaat") {
		t.Errorf("authority error = %q", msg)
	}
	p.checkAccessibility("retention, approval refused", axe)

	p.fill("authority", "Mandaatbesluit archiefbeheer 2026")
	p.expect(p.click(`form[action$="/retention/destroy"] button[type="submit"]`), 200, "retention/destructions/1", "")
	if body := p.text("main"); !strings.Contains(body, r.Number) || !strings.Contains(body, "Verklaring van vernietiging") {
		t.Errorf("statement page = %q", body)
	}
	p.checkAccessibility("statement of destruction", axe)
	p.expect(p.open("retention"), 200, "retention", "Bewaren en vernietigen")
	p.checkAccessibility("retention, nothing due, one destruction", axe)
}
