package store_test

import (
	"context"
	"maps"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// keyCopies counts the copies of data keys kept on the report's grants.
func keyCopies(t *testing.T, s *store.Store, reportID int64) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM report_grants WHERE report_id = $1 AND key_copy IS NOT NULL`, reportID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// grantCopy reads the copy kept on the user's grant of the report (nil: none).
func grantCopy(t *testing.T, s *store.Store, reportID, userID int64) []byte {
	t.Helper()
	var c []byte
	if err := s.DB().QueryRow(`SELECT key_copy FROM report_grants WHERE report_id = $1 AND grantee = $2`,
		reportID, "user:"+itoa(userID)).Scan(&c); err != nil {
		t.Fatal(err)
	}
	return c
}

func setGrantCopy(t *testing.T, s *store.Store, reportID, userID int64, c []byte) {
	t.Helper()
	if _, err := s.DB().Exec(`UPDATE report_grants SET key_copy = $1 WHERE report_id = $2 AND grantee = $3`,
		c, reportID, "user:"+itoa(userID)); err != nil {
		t.Fatal(err)
	}
}

// TestGrantKeyCopies: the report list stores, on a handler's grant, the
// handler's own copy of the report's data key the first time it unwraps it
// with age, and opens the subjects through the copies after that, with the
// same result. A copy that is changed, moved to another report or left from
// a key the handler no longer holds does not open: the list falls back to
// the age grant (or shows nothing, as without copies), and a recovery that
// replaces the grant removes the copy with it.
func TestGrantKeyCopies(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "kopie")
		orgIdentity, orgPub, _ := seal.NewIdentity()
		custodian := mustUser(t, s, org, "bewaarder", domain.RoleCustodian)
		if err := s.SetRecoveryKey(ctx, store.UserActor(custodian, "c"), org.ID, orgPub); err != nil {
			t.Fatal(err)
		}
		coord, kr := handler(t, s, org, "coord", "officials")
		other, otherKR := handler(t, s, org, "collega", "officials")
		actor, otherActor := store.UserActor(coord, "a"), store.UserActor(other, "b")
		var ids []int64
		want := map[int64]string{}
		for i, code := range []string{"1111111111111111", "2222222222222222", "3333333333333333"} {
			r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", ReporterKind: "employee", Anonymous: true,
				Content: domain.ReportContent{What: "x"}}, receipt(t, s, org.ID, code))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SetSubject(ctx, actor, org.ID, r.ID, kr, "onderwerp "+itoa(int64(i))); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.ID)
			want[r.ID] = "onderwerp " + itoa(int64(i))
		}
		list := func(a store.Actor, k store.Keyring) map[int64]string {
			t.Helper()
			got, err := s.ReportSubjects(ctx, a, org.ID, k, ids)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}

		// The colleague has not opened these reports: no copies yet; the
		// first list unwraps with age and stores one per report.
		for _, id := range ids {
			if c := grantCopy(t, s, id, other.ID); c != nil {
				t.Fatalf("report %d has the colleague's copy before they listed it", id)
			}
		}
		if got := list(otherActor, otherKR); !maps.Equal(got, want) {
			t.Fatalf("first list %v, want %v", got, want)
		}
		copies := map[int64][]byte{}
		for _, id := range ids {
			if copies[id] = grantCopy(t, s, id, other.ID); copies[id] == nil {
				t.Fatalf("no copy stored for report %d", id)
			}
		}
		// The second list opens the copies, with the same subjects, and
		// leaves them as they are.
		if got := list(otherActor, otherKR); !maps.Equal(got, want) {
			t.Fatalf("list through the copies %v, want %v", got, want)
		}
		if c := grantCopy(t, s, ids[0], other.ID); string(c) != string(copies[ids[0]]) {
			t.Fatal("a copy that opened was replaced")
		}

		// Changed, or moved to another report: it does not open, the age
		// grant does, and a good copy takes its place.
		tampered := append([]byte(nil), copies[ids[0]]...)
		tampered[len(tampered)-1] ^= 1
		setGrantCopy(t, s, ids[0], other.ID, tampered)
		setGrantCopy(t, s, ids[1], other.ID, copies[ids[2]])
		if got := list(otherActor, otherKR); !maps.Equal(got, want) {
			t.Fatalf("list with a changed and a moved copy %v, want %v", got, want)
		}
		for _, id := range ids[:2] {
			if c := grantCopy(t, s, id, other.ID); c == nil || string(c) == string(tampered) || string(c) == string(copies[ids[2]]) {
				t.Fatalf("report %d: the bad copy was kept", id)
			}
		}

		// Another handler's copy on this handler's grant opens nothing for
		// them: the coordinator's copy put on the colleague's grant, whose
		// age grant is made unreadable, leaves the report without subject.
		mine := grantCopy(t, s, ids[0], coord.ID)
		if mine == nil {
			t.Fatal("the coordinator's work on the report left no copy")
		}
		setGrantCopy(t, s, ids[0], other.ID, mine)
		if _, err := s.DB().Exec(`UPDATE report_grants SET wrapped = $1 WHERE report_id = $2 AND grantee = $3`,
			[]byte("not an age file"), ids[0], "user:"+itoa(other.ID)); err != nil {
			t.Fatal(err)
		}
		if got := list(otherActor, otherKR); got[ids[0]] != "" || got[ids[1]] != want[ids[1]] {
			t.Fatalf("the colleague read %q through the coordinator's copy (list %v)", got[ids[0]], got)
		}
		if _, err := s.OpenReport(ctx, otherActor, org.ID, ids[0], otherKR); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("the colleague opened the report through the coordinator's copy: %v", err)
		}

		// A password reset: a new key pair. The copies made with the old
		// identity open nothing for the new one; the recovery replaces
		// the grants and with them the copies.
		newID, newPub, _ := seal.NewIdentity()
		if err := s.SetUserKey(ctx, otherActor, &store.UserKey{UserID: other.ID, Public: newPub, WrappedPrivate: []byte("y"), Salt: []byte("t")}); err != nil {
			t.Fatal(err)
		}
		newKR := store.Keyring{UserID: other.ID, Identity: newID}
		if got := list(otherActor, newKR); len(got) != 0 {
			t.Fatalf("after the reset, before recovery, the list showed %v", got)
		}
		if _, err := s.RecoverAccess(ctx, store.UserActor(custodian, "c"), org.ID, orgIdentity, other.ID); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if c := grantCopy(t, s, id, other.ID); c != nil {
				t.Fatalf("report %d: the recovery left the copy of the old grant", id)
			}
		}
		if got := list(otherActor, newKR); !maps.Equal(got, want) {
			t.Fatalf("after recovery %v, want %v", got, want)
		}
		if keyCopies(t, s, ids[2]) != 2 {
			t.Fatalf("after the list, report %d has %d copies, want the two handlers'", ids[2], keyCopies(t, s, ids[2]))
		}
		// The organisation's and the mailbox's grants never get a copy.
		var n int
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM report_grants WHERE grantee IN ('org', 'mailbox') AND key_copy IS NOT NULL`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("%d copies on the organisation's and the mailbox's grants, %v", n, err)
		}
	})
}
