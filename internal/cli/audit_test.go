package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_AuditVerifyAgainstCheckpoint: `integer audit verify` with the
// auditor's checkpoint file reports a cut tail and a rewritten entry (with
// recomputed plain hashes) as tampering, exit 1, and refuses a forged
// checkpoint; an intact log verifies against it.
func TestDefect_AuditVerifyAgainstCheckpoint(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dir := t.TempDir()
			flag := []string{"--data", dir}
			dsn := filepath.Join(dir, "integer.db")
			if engine == "postgres" {
				dsn = dbtest.PostgresURL(t)
				flag = append(flag, "--database", dsn)
			}
			cmd := func(args ...string) result { return run(t, nil, append(args[:len(args):len(args)], flag...)...) }
			run(t, nil, append([]string{"org", "add"}, append(flag, "helmond", "Gemeente Helmond")...)...)
			for _, u := range []string{"petra", "jan", "anna"} {
				run(t, nil, append([]string{"user", "add", "--org", "helmond", "--roles", "hr"}, append(flag, u)...)...)
			}
			r := cmd("audit", "checkpoint", "--org", "helmond")
			if r.code != 0 || !strings.Contains(r.stdout, `"sequence": 5`) {
				t.Fatalf("checkpoint: %+v", r)
			}
			cpFile := filepath.Join(t.TempDir(), "checkpoint.json")
			if err := os.WriteFile(cpFile, []byte(r.stdout), 0o600); err != nil {
				t.Fatal(err)
			}
			if r := cmd("audit", "verify", "--checkpoint", cpFile); r.code != 0 || !strings.Contains(r.stdout, "intact: 5 entries") {
				t.Fatalf("intact log: %+v", r)
			}
			forged := filepath.Join(t.TempDir(), "forged.json")
			os.WriteFile(forged, []byte(strings.Replace(r.stdout, `"sequence": 5`, `"sequence": 3`, 1)), 0o600)
			if r := cmd("audit", "verify", "--checkpoint", forged); r.code != 1 || !strings.Contains(r.stdout, "checkpoint REFUSED") {
				t.Fatalf("forged checkpoint: %+v", r)
			}

			s, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			dropAppendOnly(t, s)
			// Cut the last two entries and set the head back.
			mustExec(t, s, `DELETE FROM audit_log WHERE id > 3`)
			mustExec(t, s, `UPDATE audit_head SET last_id = 3, last_hash = (SELECT hash FROM audit_log WHERE id = 3) WHERE id = 1`)
			if r := cmd("audit", "verify"); r.code != 0 {
				t.Fatalf("the cut log alone still holds: %+v", r)
			}
			r = cmd("audit", "verify", "--checkpoint", cpFile)
			if r.code != 1 || !strings.Contains(r.stdout, "BROKEN at entry 4 (cut: the log ends at entry 3, but the checkpoint") {
				t.Fatalf("cut tail: %+v", r)
			}
			// Rewrite entry 2 and recompute the plain hashes and the head.
			var e domain.AuditEntry
			if err := s.DB().QueryRow(`SELECT id, org_id, at, actor_id, actor, session_ref, action, object_type, object_id, detail, prev_hash
				FROM audit_log WHERE id = 3`).Scan(&e.ID, &e.OrgID, &e.At, &e.ActorID, &e.Actor, &e.SessionRef, &e.Action,
				&e.ObjectType, &e.ObjectID, &e.Detail, &e.PrevHash); err != nil {
				t.Fatal(err)
			}
			e.Detail = "forged"
			e.Hash = e.ComputeHash()
			mustExec(t, s, `UPDATE audit_log SET detail = $1, hash = $2 WHERE id = 3`, e.Detail, e.Hash)
			mustExec(t, s, `UPDATE audit_head SET last_hash = $1 WHERE id = 1`, e.Hash)
			if r := cmd("audit", "verify"); r.code != 1 || !strings.Contains(r.stdout, "BROKEN at entry 3 (changed)") {
				t.Fatalf("rewritten entry: %+v", r)
			}
		})
	}
}

func dropAppendOnly(t *testing.T, s *store.Store) {
	t.Helper()
	if s.Engine() == store.Postgres {
		mustExec(t, s, `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`)
		return
	}
	mustExec(t, s, `DROP TRIGGER audit_log_no_update`)
	mustExec(t, s, `DROP TRIGGER audit_log_no_delete`)
}

func mustExec(t *testing.T, s *store.Store, q string, args ...any) {
	t.Helper()
	if _, err := s.DB().Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}
