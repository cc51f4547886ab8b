package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestReloadedReportFormFilesOneReport: a reload of the receipt page sends
// the same form again; its one-time id makes it the same report.
func TestReloadedReportFormFilesOneReport(t *testing.T) {
	e := newEnv(t, "")
	e.reportingPoint("helmond")
	page := e.do(request{path: "/helmond/report"})
	m := regexp.MustCompile(`name="form_id" value="([^"]+)"`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatal("the report form carries no one-time id")
	}
	fields := validReport()
	fields.Set("form_id", m[1])
	first := e.postMultipart("/helmond/report", fields)
	if first.StatusCode != http.StatusOK {
		t.Fatalf("first submission: %d", first.StatusCode)
	}
	receiptOf(t, first.body)
	again := e.postMultipart("/helmond/report", fields)
	if again.StatusCode != http.StatusConflict || !strings.Contains(again.body, "Deze melding is al verstuurd") ||
		!strings.Contains(again.body, "onder nummer ") || receiptOnPage.MatchString(again.body) {
		t.Fatalf("second submission: %d\n%s", again.StatusCode, again.body)
	}
	if n := e.countReports(); n != 1 {
		t.Fatalf("%d reports, want 1", n)
	}
	// A form with errors keeps its id, and can then be sent once.
	bad := validReport()
	bad.Set("form_id", "another-form")
	bad.Set("description", "")
	if res := e.postMultipart("/helmond/report", bad); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, `value="another-form"`) {
		t.Fatalf("rejected form: %d", res.StatusCode)
	}
	bad.Set("description", "Nu wel ingevuld.")
	if res := e.postMultipart("/helmond/report", bad); res.StatusCode != http.StatusOK {
		t.Fatalf("corrected form: %d", res.StatusCode)
	}
	if n := e.countReports(); n != 2 {
		t.Fatalf("%d reports, want 2", n)
	}
}
