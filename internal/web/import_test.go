package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/register"
)

// uploadTemplate posts the import form with the files (name → content).
func (e *env) uploadTemplate(cookie string, files map[string][]byte) response {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for name, b := range files {
		w, err := mw.CreateFormFile("files", name)
		if err != nil {
			e.t.Fatal(err)
		}
		w.Write(b)
	}
	if err := mw.Close(); err != nil {
		e.t.Fatal(err)
	}
	return e.send(http.MethodPost, "/helmond/import", mw.FormDataContentType(), &buf,
		map[string]string{"Cookie": "integer_session=" + cookie})
}

func helmondFiles(t *testing.T) map[string][]byte {
	t.Helper()
	names, _ := filepath.Glob("../register/testdata/helmond-2021/*.csv")
	if len(names) == 0 {
		t.Fatal("no fixture")
	}
	out := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = b
	}
	return out
}

func TestImportPage(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dsn := sqliteDSN(t)
			if engine == "postgres" {
				dsn = dbtest.PostgresURL(t)
			}
			e := newEnv(t, dsn)
			org := e.org("helmond")
			controller := e.session(e.user(org, "controller", domain.RoleController), domain.StateFull)
			ctx := context.Background()

			res := e.do(request{path: "/helmond/import", cookie: controller})
			if res.StatusCode != http.StatusOK || !strings.Contains(res.body, `name="files"`) {
				t.Fatalf("form: %d", res.StatusCode)
			}
			// The template downloads and is a workbook of every sheet.
			res = e.do(request{path: "/helmond/import/template.xlsx", cookie: controller})
			if sheets, err := register.ReadWorkbook([]byte(res.body)); res.StatusCode != http.StatusOK || err != nil || len(sheets) != len(register.Template)+1 {
				t.Fatalf("template: %d, %v", res.StatusCode, err)
			}

			// A bad last row of the last file: every problem listed, nothing stored.
			files := helmondFiles(t)
			files["yearly_counts.csv"] = append(files["yearly_counts.csv"], []byte("2010,reports,veel\n")...)
			files["allegations.csv"] = []byte(strings.Replace(string(files["allegations.csv"]), "H21-04,", "H21-99,", 1))
			res = e.uploadTemplate(controller, files)
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Niets opgeslagen: 2 fouten") ||
				!strings.Contains(res.body, "Melding H21-99 staat niet in reports.csv") ||
				!strings.Contains(res.body, "&#39;veel&#39; is geen geheel getal") {
				t.Fatalf("bad import: %d\n%s", res.StatusCode, res.body)
			}
			if n, _ := e.store.CountRows(ctx, "reports", org.ID); n != 0 {
				t.Fatalf("a refused import stored %d reports", n)
			}

			res = e.uploadTemplate(controller, helmondFiles(t))
			if res.StatusCode != http.StatusOK || !strings.Contains(res.body, `id="import-counts"`) {
				t.Fatalf("import: %d\n%s", res.StatusCode, res.body)
			}
			if n, _ := e.store.CountRows(ctx, "reports", org.ID); n != 10 {
				t.Fatalf("%d reports", n)
			}
			// Again: nothing doubled.
			if res = e.uploadTemplate(controller, helmondFiles(t)); res.StatusCode != http.StatusOK {
				t.Fatalf("re-import: %d", res.StatusCode)
			}
			if n, _ := e.store.CountRows(ctx, "advice_requests", org.ID); n != 38 {
				t.Fatalf("%d advice requests after a re-import", n)
			}
			// No file: refused.
			if res = e.uploadTemplate(controller, nil); res.StatusCode != http.StatusBadRequest {
				t.Fatalf("no file: %d", res.StatusCode)
			}
			assertAudited(t, e, org.ID, "import.template")
		})
	}
}
