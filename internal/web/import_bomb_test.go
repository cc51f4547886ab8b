package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/register/xlsxtest"
	"github.com/integer-nl/integer/internal/web"
)

// TestDefect_XLSXZipBombUpload: a 1 MB workbook whose sheet unpacks to
// 200 MB, uploaded on the import page, is refused at once with a Dutch
// message, and nothing of it (not even its good sheet) is stored.
func TestDefect_XLSXZipBombUpload(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	controller := e.session(e.user(org, "controller", domain.RoleController), domain.StateFull)
	bomb := xlsxtest.Workbook("",
		xlsxtest.Sheet{Name: "positions", Head: xlsxtest.InlineRow("ref", "title") + xlsxtest.InlineRow("F1", "Wethouder")},
		xlsxtest.Sheet{Name: "people", Head: xlsxtest.InlineRow("ref", "employment"),
			Row: xlsxtest.InlineRow("P1", "employee"), Repeat: 200 << 20 / 70})
	start := time.Now()
	res := e.uploadTemplate(controller, map[string][]byte{"registers.xlsx": bomb})
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("took %v", took)
	}
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "uitgepakt groter dan 64 MB") {
		t.Fatalf("bomb: %d\n%.3000s", res.StatusCode, res.body)
	}
	if n, _ := e.store.CountRows(context.Background(), "positions", org.ID); n != 0 {
		t.Fatalf("a refused workbook stored %d positions", n)
	}
}

// TestDefect_ImportPastDeadlineStoresNothing: an import that runs longer
// than the server can still answer (its write timeout closes the
// connection) is rolled back, and the page says so, instead of being
// committed for nobody.
func TestDefect_ImportPastDeadlineStoresNothing(t *testing.T) {
	e := newEnvOptions(t, "", web.Options{PasswordParams: auth.TestParams, ImportDeadline: 300 * time.Millisecond})
	org := e.org("helmond")
	controller := e.session(e.user(org, "controller", domain.RoleController), domain.StateFull)
	files := helmondFiles(t)
	// A slow import: every reading of the store's clock takes longer than
	// the deadline.
	e.store.Now = func() time.Time { time.Sleep(400 * time.Millisecond); return time.Now() }
	res := e.uploadTemplate(controller, files)
	e.store.Now = time.Now
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(res.body, "er is niets opgeslagen") {
		t.Errorf("slow import: %d\n%.3000s", res.StatusCode, res.body)
	}
	if n, _ := e.store.CountRows(context.Background(), "reports", org.ID); n != 0 {
		t.Fatalf("an import past its deadline stored %d reports", n)
	}
	// At normal speed the same files import.
	if res = e.uploadTemplate(controller, files); res.StatusCode != http.StatusOK {
		t.Fatalf("import: %d", res.StatusCode)
	}
}
