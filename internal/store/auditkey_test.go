package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/audit"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// keyedChain opens a store keyed from its first entry and writes seven
// entries: the organisation, a user and five reads.
func keyedChain(t *testing.T, s *store.Store) *audit.Key {
	t.Helper()
	k, err := audit.NewKey(0, "")
	if err != nil {
		t.Fatal(err)
	}
	s.SetAuditKey(k)
	appendReads(t, s, 5)
	return k
}

func appendReads(t *testing.T, s *store.Store, n int) {
	t.Helper()
	ctx := context.Background()
	org, err := s.OrganisationBySlug(ctx, "helmond")
	if err != nil {
		org = mustOrg(t, s, "helmond")
		mustUser(t, s, org, "coord", domain.RoleCoordinator)
	}
	for i := range n {
		if err := s.Audit(ctx, store.System.In(org.ID), "report.read", "report", int64(i+1), ""); err != nil {
			t.Fatal(err)
		}
	}
}

// auditRows reads the whole log in order.
func auditRows(t *testing.T, s *store.Store) []domain.AuditEntry {
	t.Helper()
	rows, err := s.DB().Query(`SELECT id, org_id, at, actor_id, actor, session_ref, action, object_type, object_id, detail, prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []domain.AuditEntry
	for rows.Next() {
		var e domain.AuditEntry
		if err := rows.Scan(&e.ID, &e.OrgID, &e.At, &e.ActorID, &e.Actor, &e.SessionRef, &e.Action,
			&e.ObjectType, &e.ObjectID, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// rewrite is the attack: with the append-only guard dropped, change entry id
// and recompute every hash from there to the head with hash, then set the
// head record to match, so the chain's links all hold again.
func rewrite(t *testing.T, s *store.Store, id int64, hash func(*domain.AuditEntry) string) {
	t.Helper()
	disableAppendOnly(t, s)
	prev := ""
	for _, e := range auditRows(t, s) {
		if e.ID < id {
			prev = e.Hash
			continue
		}
		if e.ID == id {
			e.Detail = "forged"
		}
		e.PrevHash = prev
		e.Hash = hash(&e)
		if _, err := s.DB().Exec(`UPDATE audit_log SET detail = $1, prev_hash = $2, hash = $3 WHERE id = $4`,
			e.Detail, e.PrevHash, e.Hash, e.ID); err != nil {
			t.Fatal(err)
		}
		prev = e.Hash
	}
	if _, err := s.DB().Exec(`UPDATE audit_head SET last_hash = $1 WHERE id = 1`, prev); err != nil {
		t.Fatal(err)
	}
}

// cut is the other attack: delete the entries after keep and set the head
// record back to entry keep.
func cut(t *testing.T, s *store.Store, keep int64) {
	t.Helper()
	disableAppendOnly(t, s)
	var hash string
	if err := s.DB().QueryRow(`SELECT hash FROM audit_log WHERE id = $1`, keep).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`DELETE FROM audit_log WHERE id > $1`, keep); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`UPDATE audit_head SET last_id = $1, last_hash = $2 WHERE id = 1`, keep, hash); err != nil {
		t.Fatal(err)
	}
}

func wantBreak(t *testing.T, brk *domain.AuditBreak, err error, id int64, reason string) {
	t.Helper()
	if err != nil || brk == nil || brk.ID != id || brk.Reason != reason {
		t.Fatalf("break = %+v (err %v), want entry %d %s", brk, err, id, reason)
	}
}

// TestDefect_AuditRewriteWithRecomputedHashes: someone with the database
// changes entry 4 and recomputes the plain SHA-256 chain and the head
// record. The keyed chain does not hold, since they lack the key.
func TestDefect_AuditRewriteWithRecomputedHashes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		keyedChain(t, s)
		rewrite(t, s, 4, (*domain.AuditEntry).ComputeHash)
		_, brk, err := s.VerifyAudit(context.Background())
		wantBreak(t, brk, err, 4, "changed")
	})
}

// TestDefect_AuditCutTailCaughtByCheckpoint: the last entries are deleted
// and the head record set back. The chain that is left holds, so only the
// auditor's checkpoint, kept outside, can show that entries are gone.
func TestDefect_AuditCutTailCaughtByCheckpoint(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		keyedChain(t, s)
		cp, err := s.AuditCheckpoint(ctx, "helmond")
		if err != nil || cp.Seq != 7 {
			t.Fatalf("checkpoint %+v, %v", cp, err)
		}
		cut(t, s, 5)
		if _, brk, err := s.VerifyAudit(ctx); err != nil || brk != nil {
			t.Fatalf("without a checkpoint a cut tail cannot be seen, yet: %+v %v", brk, err)
		}
		n, brk, err := s.VerifyAuditCheckpoint(ctx, cp)
		wantBreak(t, brk, err, 6, "cut")
		if n != 5 {
			t.Errorf("checked %d entries, want 5", n)
		}
	})
}

// TestDefect_AuditRewriteWithKeyCaughtByCheckpoint: someone who also holds
// the key file rewrites entry 3 with the keyed hash. The chain holds; the
// checkpoint signed before the rewrite does not.
func TestDefect_AuditRewriteWithKeyCaughtByCheckpoint(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		k := keyedChain(t, s)
		cp, err := s.AuditCheckpoint(ctx, "helmond")
		if err != nil {
			t.Fatal(err)
		}
		appendReads(t, s, 2)
		rewrite(t, s, 3, k.Hash)
		if _, brk, err := s.VerifyAudit(ctx); err != nil || brk != nil {
			t.Fatalf("with the key the rewrite holds without a checkpoint: %+v %v", brk, err)
		}
		_, brk, err := s.VerifyAuditCheckpoint(ctx, cp)
		wantBreak(t, brk, err, 7, "rewritten")
	})
}

// TestAuditCheckpointValid: an intact chain verifies against a checkpoint of
// an earlier head and of the current one.
func TestAuditCheckpointValid(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		keyedChain(t, s)
		early, err := s.AuditCheckpoint(ctx, "helmond")
		if err != nil {
			t.Fatal(err)
		}
		appendReads(t, s, 3)
		now, err := s.AuditCheckpoint(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, cp := range []audit.Checkpoint{early, now} {
			// Through the file form the auditor keeps.
			got, err := audit.ReadCheckpoint(strings.NewReader(string(cp.Encode())))
			if err != nil {
				t.Fatal(err)
			}
			n, brk, err := s.VerifyAuditCheckpoint(ctx, got)
			if err != nil || brk != nil || n != 10 {
				t.Fatalf("checkpoint %d: checked %d, break %+v, err %v", cp.Seq, n, brk, err)
			}
		}
	})
}

// TestDefect_AuditForgedCheckpointRefused: a checkpoint whose fields were
// changed after signing, or that was signed with another key, is refused,
// and the chain is not reported intact on its strength.
func TestDefect_AuditForgedCheckpointRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		keyedChain(t, s)
		cp, err := s.AuditCheckpoint(ctx, "helmond")
		if err != nil {
			t.Fatal(err)
		}
		other, _ := audit.NewKey(0, "")
		lower := cp
		lower.Seq = 5
		lower.Head = auditRows(t, s)[4].Hash
		later := cp
		later.At = cp.At.Add(time.Hour)
		for name, tc := range map[string]struct {
			cp   audit.Checkpoint
			want error
		}{
			"sequence and head lowered": {lower, audit.ErrForged},
			"time changed":              {later, audit.ErrForged},
			"signed with another key":   {other.Checkpoint("helmond", cp.Seq, cp.Head, cp.At), audit.ErrOtherKey},
		} {
			_, brk, err := s.VerifyAuditCheckpoint(ctx, tc.cp)
			if !errors.Is(err, tc.want) || brk != nil {
				t.Errorf("%s: err %v, break %+v, want %v", name, err, brk, tc.want)
			}
		}
	})
}

// TestAuditKeyUpgrade: a log written before the installation had a key keeps
// its unkeyed entries, anchored by the hash the new key file records; new
// entries are keyed; the key file cannot go missing or be swapped unnoticed.
func TestAuditKeyUpgrade(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		appendReads(t, s, 3) // entries 1-5, unkeyed: the log before the upgrade
		path := filepath.Join(t.TempDir(), "keys", "audit.key")
		if err := s.UseAuditKey(ctx, path); err != nil {
			t.Fatal(err)
		}
		k := s.AuditKey()
		if k == nil || k.LegacyUntil != 5 {
			t.Fatalf("key %+v, want legacy entries up to 5", k)
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("key file: %v %v", fi, err)
		}
		appendReads(t, s, 2) // entry 6 says the key was made; 7 and 8 keyed
		rows := auditRows(t, s)
		if rows[5].Action != store.ActionAuditKeyCreated || rows[7].Hash != k.Hash(&rows[7]) {
			t.Fatalf("entry 6 %q, entry 8 not keyed", rows[5].Action)
		}
		if n, brk, err := s.VerifyAudit(ctx); err != nil || brk != nil || n != 8 {
			t.Fatalf("upgraded chain: %d %+v %v", n, brk, err)
		}
		// Another store on the same database loads the same key.
		again := s
		if err := again.UseAuditKey(ctx, path); err != nil || again.AuditKey().ID != k.ID {
			t.Fatalf("reload: %v", err)
		}
		// A missing or other key file is refused.
		if err := again.LoadAuditKey(ctx, filepath.Join(t.TempDir(), "audit.key")); err == nil {
			t.Error("a missing key file was accepted for a keyed log")
		}
		otherPath := filepath.Join(t.TempDir(), "audit.key")
		if _, err := audit.CreateKey(otherPath, 0, ""); err != nil {
			t.Fatal(err)
		}
		if err := again.UseAuditKey(ctx, otherPath); err == nil {
			t.Error("another key file was accepted")
		}
		// The unkeyed entries, rewritten and rehashed, break at the last of
		// them: its hash is in the key file.
		rewrite(t, s, 2, func(e *domain.AuditEntry) string {
			if e.ID <= 5 {
				return e.ComputeHash()
			}
			return k.Hash(e)
		})
		_, brk, err := s.VerifyAudit(ctx)
		wantBreak(t, brk, err, 5, "changed")
	})
}

// TestAuditKeylessWriterRefused: a store opened without the audit key (a
// tool that forgot it) cannot append to a keyed log: its entry would carry a
// plain hash and break the chain.
func TestAuditKeylessWriterRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.UseAuditKey(ctx, filepath.Join(t.TempDir(), "audit.key")); err != nil {
			t.Fatal(err)
		}
		appendReads(t, s, 1)
		s.SetAuditKey(nil)
		if err := s.Audit(ctx, store.System, "report.read", "report", int64(9), ""); err == nil {
			t.Fatal("a store without the key appended to a keyed log")
		}
		if len(auditRows(t, s)) != 4 {
			t.Errorf("the log grew: %d entries", len(auditRows(t, s)))
		}
	})
}
