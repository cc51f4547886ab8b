package store_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// dumpDatabase returns every value of every table as text, one line per
// row prefixed with its table, for tests that look for a link anywhere.
func dumpDatabase(t *testing.T, s *store.Store) []string {
	t.Helper()
	ctx := context.Background()
	q := `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`
	if s.Engine() == store.SQLite {
		q = `SELECT name FROM sqlite_master WHERE type = 'table'`
	}
	rows, err := s.DB().QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	var out []string
	for _, table := range tables {
		out = append(out, dumpTable(t, s.DB(), table)...)
	}
	return out
}

func dumpTable(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM "` + table + `"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		b.WriteString(table)
		for i, v := range vals {
			if bs, ok := v.([]byte); ok {
				v = string(bs) + " " + hex.EncodeToString(bs)
			}
			fmt.Fprintf(&b, " %s=%v", cols[i], v)
		}
		out = append(out, b.String())
	}
	return out
}

// TestDefect_SurveyResponseLinksToNothing answers one invitation of three
// and then searches the whole database: the token and its hash are gone,
// no row names the address, the response has only its group, its day and
// its answers, no audit entry was written at the moment of answering, and
// the token cannot answer again.
func TestDefect_SurveyResponseLinksToNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := newClock(s)
		org := mustOrg(t, s, "huizen")
		u := mustUser(t, s, org, "ctrl", domain.RoleController)
		actor := store.UserActor(u, "sess")
		sv := &domain.Survey{Title: "Integriteitsonderzoek 2026", Year: 2026, MinGroup: 5}
		if err := s.CreateSurvey(ctx, actor, org.ID, sv); err != nil {
			t.Fatal(err)
		}
		invitees := []domain.SurveyInvitee{{Email: "a.jansen@huizen.nl", Group: "Burgerzaken"}, {Email: "b.smit@huizen.nl", Group: "Burgerzaken"}, {Email: "c.bakker@huizen.nl", Group: "Financien"}}
		tokens, err := s.InviteSurvey(ctx, actor, org.ID, sv.ID, invitees)
		if err != nil {
			t.Fatal(err)
		}
		before := dumpDatabase(t, s)
		auditBefore := acAuditActions(t, s, org.ID, "")
		clk.Add(3*time.Hour + 17*time.Minute + 11*time.Second)
		r := &domain.SurveyResponse{Answers: map[string]int{"climate_safe": 4, "observed": 3, "reported": 1},
			Open: map[string]string{"remarks": "Meer uitleg over het meldpunt graag."}}
		if err := s.RespondSurvey(ctx, org.ID, tokens[1], r); err != nil {
			t.Fatal(err)
		}
		after := dumpDatabase(t, s)
		hash := sha256.Sum256([]byte(tokens[1]))
		for _, line := range after {
			for _, needle := range []string{tokens[1], hex.EncodeToString(hash[:]), "b.smit", "huizen.nl"} {
				if strings.Contains(line, needle) {
					t.Errorf("after the response %q is still stored: %s", needle, line)
				}
			}
		}
		if got := acAuditActions(t, s, org.ID, ""); len(got) != len(auditBefore) {
			t.Errorf("the response was audited: %v → %v", auditBefore, got)
		}
		added := newLines(before, after)
		removed := newLines(after, before)
		if len(removed) != 1 || !strings.HasPrefix(removed[0], "survey_invitations ") {
			t.Errorf("removed rows: want the one invitation, got %q", removed)
		}
		var responseRow string
		for _, line := range added {
			switch {
			case strings.HasPrefix(line, "survey_responses "):
				responseRow = line
			case strings.HasPrefix(line, "survey_open_answers "):
			default:
				t.Errorf("the response added a row elsewhere: %s", line)
			}
		}
		wantDay := domain.SurveyDay(s.Now()).String()
		if !strings.Contains(responseRow, "answered_on="+wantDay) || strings.Count(responseRow, "=") != 4 {
			t.Errorf("response row: want survey_id, grp, answered_on (the day) and answers only, got %s", responseRow)
		}
		if strings.Contains(responseRow, s.Now().UTC().Format("15:04")) {
			t.Errorf("response row holds the time of day: %s", responseRow)
		}
		if err := s.RespondSurvey(ctx, org.ID, tokens[1], r); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("second response with the same token: want not found, got %v", err)
		}
		if _, err := s.SurveyForToken(ctx, org.ID, tokens[0]); err != nil {
			t.Errorf("the other tokens still work: %v", err)
		}
		// A wrong answer stores nothing and keeps the token.
		bad := &domain.SurveyResponse{Answers: map[string]int{"observed": 1, "reported": 2}}
		if err := s.RespondSurvey(ctx, org.ID, tokens[0], bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("reported above observed: want invalid, got %v", err)
		}
		if _, err := s.SurveyForToken(ctx, org.ID, tokens[0]); err != nil {
			t.Errorf("a refused response spent the token: %v", err)
		}
		// Closing forgets the unused tokens.
		if err := s.CloseSurvey(ctx, actor, org.ID, sv.ID); err != nil {
			t.Fatal(err)
		}
		for _, line := range dumpDatabase(t, s) {
			if strings.HasPrefix(line, "survey_invitations ") {
				t.Errorf("closed survey keeps an invitation: %s", line)
			}
		}
		groups, _ := s.SurveyGroups(ctx, sv.ID)
		if len(groups) != 2 || groups[0].Invited != 2 || groups[1].Invited != 1 {
			t.Errorf("invited per group: %+v", groups)
		}
	})
}

// newLines returns the lines of b not in a.
func newLines(a, b []string) []string {
	seen := map[string]int{}
	for _, l := range a {
		seen[l]++
	}
	var out []string
	for _, l := range b {
		if seen[l] > 0 {
			seen[l]--
			continue
		}
		out = append(out, l)
	}
	return out
}
