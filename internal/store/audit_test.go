package store_test

import (
	"context"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func TestAuditChain(t *testing.T) {
	tamper := []struct {
		name    string
		sql     map[store.Engine]string
		wantID  int64
		wantWhy string
	}{
		{"changed row", map[store.Engine]string{
			store.SQLite:   `UPDATE audit_log SET detail = 'forged' WHERE id = 3`,
			store.Postgres: `UPDATE audit_log SET detail = 'forged' WHERE id = 3`,
		}, 3, "changed"},
		{"deleted row", map[store.Engine]string{
			store.SQLite:   `DELETE FROM audit_log WHERE id = 2`,
			store.Postgres: `DELETE FROM audit_log WHERE id = 2`,
		}, 2, "missing"},
		{"deleted last row", map[store.Engine]string{
			store.SQLite:   `DELETE FROM audit_log WHERE id = 5`,
			store.Postgres: `DELETE FROM audit_log WHERE id = 5`,
		}, 5, "missing"},
		{"changed row with recomputed own hash", map[store.Engine]string{
			store.SQLite:   `UPDATE audit_log SET hash = 'abc' WHERE id = 4`,
			store.Postgres: `UPDATE audit_log SET hash = 'abc' WHERE id = 4`,
		}, 4, "changed"},
	}
	for _, tc := range tamper {
		t.Run(tc.name, func(t *testing.T) {
			forEachEngine(t, func(t *testing.T, s *store.Store) {
				ctx := context.Background()
				org := mustOrg(t, s, "helmond")                           // entry 1
				u := mustUser(t, s, org, "coord", domain.RoleCoordinator) // entry 2
				actor := store.UserActor(u, "sess1")
				for i := 0; i < 3; i++ { // entries 3, 4, 5
					if err := s.Audit(ctx, actor, "report.read", "report", int64(i+1), ""); err != nil {
						t.Fatal(err)
					}
				}
				n, brk, err := s.VerifyAudit(ctx)
				if err != nil || brk != nil || n != 5 {
					t.Fatalf("intact chain: checked %d, break %+v, err %v", n, brk, err)
				}
				// The database itself refuses changes to the log.
				if _, err := s.DB().ExecContext(ctx, tc.sql[s.Engine()]); err == nil {
					t.Fatal("audit_log accepted a change")
				}
				disableAppendOnly(t, s)
				if _, err := s.DB().ExecContext(ctx, tc.sql[s.Engine()]); err != nil {
					t.Fatal(err)
				}
				_, brk, err = s.VerifyAudit(ctx)
				if err != nil || brk == nil || brk.ID != tc.wantID || brk.Reason != tc.wantWhy {
					t.Fatalf("break = %+v (err %v), want entry %d %s", brk, err, tc.wantID, tc.wantWhy)
				}
			})
		})
	}
}

// disableAppendOnly removes the database's guard, as an attacker with the
// file or superuser rights could.
func disableAppendOnly(t *testing.T, s *store.Store) {
	t.Helper()
	stmts := []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}
	if s.Engine() == store.Postgres {
		stmts = []string{`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`}
	}
	for _, q := range stmts {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditEntriesFilterByOrganisation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, b := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		ua := mustUser(t, s, a, "ann", domain.RoleAuditor)
		mustUser(t, s, b, "bob", domain.RoleAuditor)
		s.Audit(ctx, store.UserActor(ua, "s"), "user.login", "user", ua.ID, "")
		got, err := s.AuditEntries(ctx, domain.AuditFilter{OrgID: a.ID})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range got {
			if e.OrgID != a.ID {
				t.Errorf("entry of organisation %d listed for %d", e.OrgID, a.ID)
			}
			actions = append(actions, e.Action)
		}
		want := []string{"user.login", "user.create", "organisation.create"}
		if len(actions) != len(want) {
			t.Fatalf("actions = %v, want %v", actions, want)
		}
		for i := range want {
			if actions[i] != want[i] {
				t.Fatalf("actions = %v, want %v", actions, want)
			}
		}
		got, _ = s.AuditEntries(ctx, domain.AuditFilter{OrgID: a.ID, Action: "user."})
		if len(got) != 2 {
			t.Errorf("prefix filter gave %d entries, want 2", len(got))
		}
	})
}
