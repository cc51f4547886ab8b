package web_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/dbtest"
)

// The canary is in everything confidential a reporter and a handler write;
// the address is the client's, as a trusted proxy reports it.
const (
	canaryText = "CANARY-b7e41d-vertrouwelijk"
	fakeClient = "198.51.100.77"
)

// TestConfidentialityOfACopy files reports and messages full of a canary
// through the real router, behind a trusted proxy that names the client's
// address, and then looks for the canary and the address in the database
// files (SQLite with its WAL) or a dump of PostgreSQL, and in the log.
func TestConfidentialityOfACopySQLite(t *testing.T) { testConfidentiality(t, "") }

func TestConfidentialityOfACopyPostgres(t *testing.T) {
	testConfidentiality(t, dbtest.PostgresURL(t))
}

func testConfidentiality(t *testing.T, dsn string) {
	e := newEnv(t, dsn, func(c *config.Config) { c.Demo = true; c.TrustedProxies = []string{"127.0.0.0/8", "::1"} })
	org := e.org("helmond")
	_, cookie := e.handlerIn(org, "coord", "officials")
	fwd := map[string]string{"X-Forwarded-For": fakeClient, "X-Forwarded-Proto": "https"}

	// A named report through the form, with an attachment.
	fields := validReport()
	fields.Set("description", "Wat er gebeurde: "+canaryText)
	fields.Set("anonymous", "0")
	fields.Set("name", "Melder "+canaryText)
	fields.Set("contact", "06-"+canaryText)
	fields.Set("notify_email", "melder@"+strings.ToLower(canaryText)+".example")
	ct, body := multipartBody(t, fields, upload{"bewijs-" + canaryText + ".pdf", []byte("%PDF-1.4 " + canaryText)})
	res := e.send("POST", "/helmond/report", ct, body, fwd)
	res = e.sendReviewWith(fwd, res.body) // not a PDF that reads: shown before it is stored as sent
	code := receiptOf(t, res.body)
	// One through the API.
	apiBody := fmt.Sprintf(`{"context":"officials","description":"API %s","reporter_kind":"resident","anonymous":true}`, canaryText)
	if res := e.send("POST", "/api/v1/helmond/reports", "application/json", strings.NewReader(apiBody), fwd); res.StatusCode != 201 {
		t.Fatalf("API report: %d %s", res.StatusCode, res.body)
	}
	// The handler acknowledges, writes, notes; the reporter answers.
	rep := e.latestNamedReport(org.ID)
	for _, step := range []struct {
		path string
		form url.Values
	}{
		{"acknowledge", url.Values{"message": {"Ontvangen. " + canaryText}}},
		{"messages", url.Values{"kind": {"message"}, "message": {"Vraag: " + canaryText}}},
		{"messages", url.Values{"kind": {"note"}, "message": {"Notitie: " + canaryText}}},
		{"allegations", url.Values{"category": {"financial"}}},
	} {
		if res := e.post(cookie, fmt.Sprintf("/helmond/reports/%d/%s", rep, step.path), step.form); res.StatusCode != 303 {
			t.Fatalf("%s: %d %s", step.path, res.StatusCode, res.body)
		}
	}
	ct, body = multipartBody(t, url.Values{"receipt": {code}, "message": {"Antwoord: " + canaryText}},
		upload{"nog-" + canaryText + ".txt", []byte(canaryText)})
	if res := e.send("POST", "/helmond/mailbox/message", ct, body, fwd); res.StatusCode != 200 {
		t.Fatalf("reporter message: %d", res.StatusCode)
	}
	// Reads too, so that every kind of access has happened.
	if res := e.send("POST", "/helmond/mailbox", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"receipt": {code}}.Encode()), fwd); !strings.Contains(res.body, canaryText) {
		t.Fatal("the mailbox does not show the reporter's own report")
	}
	if res := e.get(cookie, fmt.Sprintf("/helmond/reports/%d", rep)); !strings.Contains(res.body, canaryText) {
		t.Fatal("the handler does not see the report")
	}

	leaks := [][]byte{[]byte(canaryText), []byte(fakeClient), []byte(code)}
	for _, place := range copiesOf(t, e, dsn) {
		for _, leak := range leaks {
			if bytes.Contains(place.content, leak) || bytes.Contains(place.content, []byte(hex.EncodeToString(leak))) {
				t.Errorf("%s contains %q", place.name, leak)
			}
		}
	}
	logMu.Lock()
	logs := e.logs.String()
	logMu.Unlock()
	for _, leak := range leaks {
		if strings.Contains(logs, string(leak)) {
			t.Errorf("the log contains %q", leak)
		}
	}
}

type copyOf struct {
	name    string
	content []byte
}

// copiesOf returns what an attacker with the files would have: the SQLite
// database with its WAL and shared-memory file, or a pg_dump of the database
// (with a table-by-table text dump when pg_dump is not installed).
func copiesOf(t *testing.T, e *env, dsn string) []copyOf {
	t.Helper()
	if !strings.HasPrefix(dsn, "postgres") {
		path := sqliteFile(t, e)
		var out []copyOf
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if b, err := os.ReadFile(path + suffix); err == nil {
				out = append(out, copyOf{filepath.Base(path + suffix), b})
			}
		}
		if len(out) < 2 {
			t.Fatalf("expected the database and its WAL, found %d files", len(out))
		}
		return out
	}
	if pgDump, err := exec.LookPath("pg_dump"); err == nil {
		b, err := exec.Command(pgDump, "--no-owner", dsn).Output()
		if err == nil {
			return []copyOf{{"pg_dump", b}}
		}
		t.Logf("pg_dump failed (%v); dumping table by table", err)
	}
	return []copyOf{{"table dump", tableDump(t, e)}}
}

func sqliteFile(t *testing.T, e *env) string {
	var seq int
	var name, file string
	if err := e.store.DB().QueryRow(`PRAGMA database_list`).Scan(&seq, &name, &file); err != nil {
		t.Fatal(err)
	}
	return file
}

func tableDump(t *testing.T, e *env) []byte {
	rows, err := e.store.DB().Query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var buf bytes.Buffer
	for _, tbl := range tables {
		r, err := e.store.DB().Query(fmt.Sprintf(`SELECT t::text FROM %q t`, tbl))
		if err != nil {
			t.Fatal(err)
		}
		for r.Next() {
			var line string
			r.Scan(&line)
			buf.WriteString(line + "\n")
		}
		r.Close()
	}
	return buf.Bytes()
}

// latestNamedReport returns the ID of the newest named report, from the
// database's clear columns.
func (e *env) latestNamedReport(orgID int64) int64 {
	e.t.Helper()
	var id int64
	if err := e.store.DB().QueryRowContext(context.Background(),
		`SELECT id FROM reports WHERE org_id = $1 AND anonymous = $2 ORDER BY id DESC LIMIT 1`, orgID, false).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	return id
}
