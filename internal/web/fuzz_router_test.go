package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/integer-nl/integer/internal/store"
)

// reportFields are the fields of a report as the fuzzers vary them.
type reportFields struct {
	context, description, when, where, involved, howKnown, reporterKind, anonymous, name, contact, notifyEmail string
}

func (r reportFields) values() url.Values {
	return url.Values{
		"context": {r.context}, "description": {r.description}, "when": {r.when}, "where": {r.where},
		"involved": {r.involved}, "how_known": {r.howKnown}, "reporter_kind": {r.reporterKind},
		"anonymous": {r.anonymous}, "name": {r.name}, "contact": {r.contact}, "notify_email": {r.notifyEmail},
	}
}

func addReportSeeds(f *testing.F) {
	f.Add("officials", "De teamleider laat offertes van zijn zwager voorgaan.", "sinds maart", "Inkoop", "de teamleider", "seen", "employee", "1", "", "", "")
	f.Add("officials", "Een collega neemt kantoorspullen mee.", "", "", "", "", "", "0", "Jan Jansen", "06-12345678", "jan@example.org")
	f.Add("officials", "", "", "", "", "", "", "1", "", "", "")
	f.Add("mayor", "x", "", "", "", "", "", "1", "", "", "")
	f.Add("officials", "x", "", "", "", "overheard", "citizen", "yes", "", "", "")
	f.Add("officials", "nul\x00teken", "", "", "", "", "", "1", "", "", "")
	f.Add("officials", "ongeldig \xff\xfe", "", "", "", "", "", "1", "", "", "")
	f.Add("officials", "x", "", "", "", "", "", "0", "", "", "a@b\r\nBcc: c@d")
	f.Add("officials", "<script>alert(1)</script>", "'; DROP TABLE reports; --", "", "", "", "", "1", "", "", "")
}

// FuzzReportForm: the public report form, through the real router, never
// answers with a server error; a form it refuses stores nothing, a form it
// accepts stores exactly one report, whose description the handler reads
// back exactly as it was sent.
func FuzzReportForm(f *testing.F) {
	base := newEnv(f, "")
	org, h := base.reportingPoint("fuzz")
	addReportSeeds(f)
	f.Fuzz(func(t *testing.T, channel, description, when, where, involved, howKnown, reporterKind, anonymous, name, contact, notifyEmail string) {
		e := *base
		e.t = t
		in := reportFields{channel, description, when, where, involved, howKnown, reporterKind, anonymous, name, contact, notifyEmail}
		before := e.countReports()
		res := e.postMultipart("/fuzz/report", in.values())
		after := e.countReports()
		switch {
		case res.StatusCode >= 500 || res.StatusCode < 200:
			t.Fatalf("status %d for %+v:\n%s", res.StatusCode, in, res.body)
		case res.StatusCode != http.StatusOK:
			if after != before {
				t.Fatalf("status %d, but %d report(s) stored for %+v", res.StatusCode, after-before, in)
			}
		default:
			if after != before+1 {
				t.Fatalf("receipt page, but %d report(s) stored for %+v", after-before, in)
			}
			readBack(t, &e, org.ID, h, description)
		}
	})
}

// FuzzAPISubmit: the same through the JSON API: 201 stores exactly one
// report whose mailbox shows the description as sent; any other answer is
// a client error (4xx) and stores nothing.
func FuzzAPISubmit(f *testing.F) {
	base := newEnv(f, "")
	org, h := base.reportingPoint("fuzz")
	addReportSeeds(f)
	f.Fuzz(func(t *testing.T, channel, description, when, where, involved, howKnown, reporterKind, anonymous, name, contact, notifyEmail string) {
		e := *base
		e.t = t
		body := map[string]any{"context": channel, "description": description, "when": when, "where": where,
			"involved": involved, "how_known": howKnown, "reporter_kind": reporterKind,
			"name": name, "contact": contact, "notify_email": notifyEmail}
		switch anonymous {
		case "1":
			body["anonymous"] = true
		case "0":
			body["anonymous"] = false
		}
		b, _ := json.Marshal(body)
		before := e.countReports()
		res := e.api("POST", "/api/v1/fuzz/reports", string(b), nil)
		after := e.countReports()
		if res.StatusCode != http.StatusCreated {
			if res.StatusCode < 400 || res.StatusCode >= 500 || after != before {
				t.Fatalf("status %d, %d report(s) stored for %s:\n%s", res.StatusCode, after-before, b, res.body)
			}
			return
		}
		if after != before+1 {
			t.Fatalf("201, but %d report(s) stored for %s", after-before, b)
		}
		var sent struct {
			Description string `json:"description"`
		}
		_ = json.Unmarshal(b, &sent) // the description as the server decodes it
		readBack(t, &e, org.ID, h, sent.Description)
	})
}

// readBack opens the newest report as its handler and checks its description.
func readBack(t *testing.T, e *env, orgID int64, h handlerOf, want string) {
	t.Helper()
	var id int64
	if err := e.store.DB().QueryRow(`SELECT max(id) FROM reports`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	rep, err := e.store.OpenReport(context.Background(), store.UserActor(h.user, "fuzz"), orgID, id, h.kr)
	if err != nil {
		t.Fatalf("the stored report does not open: %v", err)
	}
	if rep.Content == nil || rep.Content.What != want {
		t.Fatalf("description sent %q, stored %+v", want, rep.Content)
	}
}
