package report_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestHelmond2021AfterDestruction: every Helmond record whose term has run
// out by 2040 is destroyed (reports ten years after closing, advice
// requests five years after the answer), and the annual report of 2021 is
// byte for byte the golden file, before and after, on both engines.
func TestHelmond2021AfterDestruction(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		orgID := importHelmond(t, st)
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
		}
		if kinds[domain.RetainReport] == 0 || kinds[domain.RetainAdviceRequest] == 0 {
			t.Fatalf("destruction list by kind = %v", kinds)
		}
		if _, err := st.Destroy(ctx, store.CLI, orgID, "Archivaris", domain.DestructionApproval{Keys: keys, Authority: "Mandaat archiefbeheer 2039/4"}); err != nil {
			t.Fatal(err)
		}
		var left int
		if err := st.DB().QueryRow(`SELECT COUNT(*) FROM reports WHERE org_id = $1 AND closed_at IS NOT NULL AND NOT whistleblower`, orgID).Scan(&left); err != nil || left != 0 {
			t.Fatalf("closed reports left after destruction: %d, %v", left, err)
		}
		build("after")
	})
}
