package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/audit"
	"github.com/integer-nl/integer/internal/domain"
)

// TestDefect_AuditCheckpointOnTheAuditPage: the auditor downloads a signed
// checkpoint, and the audit page's check against it says intact; after the
// log's tail was cut and the head set back it says "cut"; a checkpoint
// changed after signing is refused. Each check is audited.
func TestDefect_AuditCheckpointOnTheAuditPage(t *testing.T) {
	e := newEnv(t, "")
	k, err := audit.NewKey(0, "")
	if err != nil {
		t.Fatal(err)
	}
	e.store.SetAuditKey(k)
	org := e.org("helmond")
	auditor := e.user(org, "ans", domain.RoleAuditor)
	cookie := e.session(auditor, domain.StateFull)
	e.user(org, "piet", domain.RoleHR)
	e.user(org, "joke", domain.RoleHR)

	res := e.do(request{path: "/helmond/audit/checkpoint", cookie: cookie})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "integer-audit-checkpoint-helmond-") {
		t.Fatalf("download: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	cp, err := audit.ReadCheckpoint(strings.NewReader(res.body))
	if err != nil || cp.Organisation != "helmond" || cp.Seq != 4 {
		t.Fatalf("checkpoint %+v, %v", cp, err)
	}
	verify := func(text string) string {
		t.Helper()
		return e.do(request{method: "POST", path: "/helmond/audit/verify", cookie: cookie, form: url.Values{"checkpoint": {text}}}).body
	}
	if body := verify(res.body); !strings.Contains(body, "De keten is intact") || !strings.Contains(body, "controlepunt van") {
		t.Fatalf("intact log against its checkpoint:\n%s", alertOf(body))
	}
	if body := verifyFile(t, e, cookie, res.body); !strings.Contains(body, "De keten is intact") || !strings.Contains(body, "controlepunt van") {
		t.Fatalf("intact log against its checkpoint as a file:\n%s", alertOf(body))
	}
	forged := strings.Replace(res.body, `"sequence": 4`, `"sequence": 2`, 1)
	if body := verify(forged); !strings.Contains(body, "Het controlepunt is geweigerd: de handtekening klopt niet") {
		t.Fatalf("forged checkpoint:\n%s", alertOf(body))
	}
	if body := verify("not a checkpoint"); !strings.Contains(body, "Dit is geen controlepunt van Integer") {
		t.Fatalf("junk:\n%s", alertOf(body))
	}
	// Cut every entry after the second and set the head back.
	db := e.store.DB()
	for _, q := range []string{`DROP TRIGGER audit_log_no_delete`, `DELETE FROM audit_log WHERE id > 2`,
		`UPDATE audit_head SET last_id = 2, last_hash = (SELECT hash FROM audit_log WHERE id = 2) WHERE id = 1`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if body := verify(res.body); !strings.Contains(body, "De keten is verbroken bij regel 3 (afgeknipt") {
		t.Fatalf("cut log:\n%s", alertOf(body))
	}
	assertAudited(t, e, org.ID, "audit.verify")
}

// verifyFile posts the checkpoint as the form's file, as a browser does.
func verifyFile(t *testing.T, e *env, cookie, content string) string {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("checkpoint_file", "checkpoint.json")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(content))
	mw.WriteField("checkpoint", "")
	mw.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+"/helmond/audit/verify", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: "integer_session", Value: cookie})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// alertOf returns the page's status message, for a failure's report.
func alertOf(body string) string {
	if i := strings.Index(body, "utrecht-alert__message"); i >= 0 {
		return body[i:min(len(body), i+400)]
	}
	return body
}
