package report_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_AdviserTablesGroupedAsHelmond: the advisers' kinds of issue
// are shown as Helmond publishes them, conduct and integrity under their
// own headings with a subtotal each, "Ongewenste omgangsvormen" in one of
// them only; and the cases are counted per group of advisers (internal,
// external).
func TestDefect_AdviserTablesGroupedAsHelmond(t *testing.T) {
	if slices.Contains(domain.AdviserIssueKinds(), string(domain.CategoryUndesirableConduct)) {
		t.Errorf("undesirable conduct is an adviser's issue kind besides the conduct kinds: %v", domain.AdviserIssueKinds())
	}
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		orgID := importHelmond(t, st)
		users, err := st.Users(ctx, orgID)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range users {
			kind := "internal"
			if strings.Contains(u.DisplayName, "extern") {
				kind = "external"
			}
			if strings.HasPrefix(u.DisplayName, "VP") {
				if err := st.SetAdviserKind(ctx, store.CLI, orgID, u.ID, kind); err != nil {
					t.Fatal(err)
				}
			}
		}
		r, doc := build(t, st, orgID, 2021, report.Options{})
		want(t, doc, map[string]any{"confidential_advisers.cases": 21,
			"confidential_advisers.cases_by_adviser_kind.internal": 14, "confidential_advisers.cases_by_adviser_kind.external": 7})
		tables := map[string]report.Table{}
		for _, s := range r.Document(nil, "nl").Sections {
			for _, tb := range s.Tables {
				tables[tb.Caption] = tb
			}
		}
		conduct, ok := tables["Soort kwestie: ongewenste omgangsvormen"]
		if !ok {
			t.Fatalf("no table of the conduct kinds; tables: %v", keys(tables))
		}
		integrity, ok := tables["Soort kwestie: integriteit"]
		if !ok {
			t.Fatalf("no table of the integrity kinds; tables: %v", keys(tables))
		}
		for name, tb := range map[string]report.Table{"conduct": conduct, "integrity": integrity} {
			if last := tb.Rows[len(tb.Rows)-1]; last[0] != "Subtotaal" {
				t.Errorf("%s: last row %v, want a subtotal", name, last)
			}
		}
		if got := conduct.Rows[len(conduct.Rows)-1][1]; got != "23" {
			t.Errorf("conduct subtotal %s, want 23", got)
		}
		for _, row := range integrity.Rows {
			if row[0] == "Ongewenste omgangsvormen" {
				t.Errorf("the integrity kinds list %q too", row[0])
			}
		}
		if _, ok := tables["Casussen per soort vertrouwenspersoon"]; !ok {
			t.Errorf("no table of cases per group of advisers; tables: %v", keys(tables))
		}
	})
}

func keys(m map[string]report.Table) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
