package report_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestHelmond2021AfterDestruction: every Helmond record whose term has run
// out by 2040 is destroyed (reports ten years after closing, advice
// requests and the 2021 activities five years after, the onboarding
// records of the starters who left by 2029 ten years after they left), and
// the annual report of 2021, with its people and activities sections and
// the basic-norms scorecard, is byte for byte the golden file, before and
// after, on both engines.
func TestHelmond2021AfterDestruction(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		orgID := importHelmond(t, st)
		// Two of every three starters of 2021 have left: in 2024 (due in
		// 2034) or in 2031 (due in 2041, after the destruction below).
		people, err := st.People(ctx, orgID, store.PeopleFilter{})
		if err != nil {
			t.Fatal(err)
		}
		gone := map[string]bool{}
		left2024, left2031 := domain.Day(time.Date(2024, 6, 30, 12, 0, 0, 0, time.UTC)), domain.Day(time.Date(2031, 1, 31, 12, 0, 0, 0, time.UTC))
		for i, p := range people {
			switch i % 3 {
			case 0:
				p.EndOn = &left2024
				gone[p.Ref] = true
			case 1:
				p.EndOn = &left2031
			}
		}
		if err := st.SavePeople(ctx, store.CLI, people); err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile("testdata/helmond-2021.golden.json")
		if err != nil {
			t.Fatal(err)
		}
		build := func(stage string) {
			r, err := report.Build(ctx, st, orgID, 2021, report.Options{Now: fixedNow})
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.JSON()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s destruction the report differs from the golden file:\n%s", stage, diffLines(string(want), string(got)))
			}
		}
		build("before")

		st.Now = func() time.Time { return time.Date(2040, 1, 2, 9, 0, 0, 0, time.UTC) }
		list, err := st.DestructionList(ctx, orgID)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[domain.RetentionKind]int{}
		var keys []string
		for _, c := range list {
			kinds[c.Kind]++
			keys = append(keys, c.Key())
			if c.Kind == domain.RetainOnboarding && !gone[c.Ref] {
				t.Errorf("%s is proposed: has not left, or left in 2031", c.Ref)
			}
		}
		if kinds[domain.RetainReport] == 0 || kinds[domain.RetainAdviceRequest] == 0 || kinds[domain.RetainActivity] != 7 ||
			kinds[domain.RetainOnboarding] != len(gone) {
			t.Fatalf("destruction list by kind = %v (want 7 activities, %d people)", kinds, len(gone))
		}
		if _, err := st.Destroy(ctx, store.CLI, orgID, "Archivaris", domain.DestructionApproval{Keys: keys, Authority: "Mandaat archiefbeheer 2039/4"}); err != nil {
			t.Fatal(err)
		}
		var left int
		if err := st.DB().QueryRow(`SELECT COUNT(*) FROM reports WHERE org_id = $1 AND closed_at IS NOT NULL AND NOT whistleblower`, orgID).Scan(&left); err != nil || left != 0 {
			t.Fatalf("closed reports left after destruction: %d, %v", left, err)
		}
		if acts, err := st.ListActivities(ctx, orgID, domain.ActivityFilter{Year: 2021}); err != nil || len(acts) != 0 {
			t.Fatalf("activities of 2021 left after destruction: %d, %v", len(acts), err)
		}
		kept, err := st.People(ctx, orgID, store.PeopleFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range kept {
			if gone[p.Ref] {
				t.Errorf("%s is still in the people register", p.Ref)
			}
		}
		if len(kept) != len(people)-len(gone) {
			t.Errorf("people left = %d, want %d", len(kept), len(people)-len(gone))
		}
		build("after")
	})
}

// TestLeidschendam2024AfterDestruction: the Leidschendam-Voorburg 2024
// report (investigations stopped for a named reason, own categories) is
// byte for byte the same after everything due in 2040 is destroyed, on
// both engines.
func TestLeidschendam2024AfterDestruction(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, st, "leidschendam-voorburg")
		names, err := filepath.Glob("testdata/leidschendam-voorburg-2024/*.csv")
		if err != nil || len(names) == 0 {
			t.Fatalf("fixture: %v", err)
		}
		files := map[string][]byte{}
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			files[filepath.Base(name)] = b
		}
		if _, err := register.Import(ctx, st, store.CLI, org.ID, files); err != nil {
			t.Fatalf("import: %v", err)
		}
		build := func() []byte {
			r, err := report.Build(ctx, st, org.ID, 2024, report.Options{Now: fixedNow})
			if err != nil {
				t.Fatal(err)
			}
			b, err := r.JSON()
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		before := build()
		st.Now = func() time.Time { return time.Date(2040, 1, 2, 9, 0, 0, 0, time.UTC) }
		list, err := st.DestructionList(ctx, org.ID)
		if err != nil || len(list) == 0 {
			t.Fatalf("destruction list = %v, %v", list, err)
		}
		var keys []string
		for _, c := range list {
			keys = append(keys, c.Key())
		}
		if _, err := st.Destroy(ctx, store.CLI, org.ID, "Archivaris", domain.DestructionApproval{Keys: keys, Authority: "Mandaat 2039/4"}); err != nil {
			t.Fatal(err)
		}
		if after := build(); !bytes.Equal(after, before) {
			t.Errorf("the 2024 report changed by the destruction:\n%s", diffLines(string(before), string(after)))
		}
	})
}
