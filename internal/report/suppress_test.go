package report_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_SuppressionLeaks: with small counts hidden below 5, no hidden
// count of any table equals a table total the report shows (in the table or
// in a sentence of its section) minus any subset of the table's shown
// counts, and "≥" never appears. A checker over every table, not a chosen
// case.
func TestDefect_SuppressionLeaks(t *testing.T) {
	st, orgID := smallCounts(t)
	exact, _ := build(t, st, orgID, 2024, report.Options{})
	hidden, _ := build(t, st, orgID, 2024, report.Options{SuppressBelow: 5})
	if hidden.Suppression == nil || hidden.Suppression.Count == 0 {
		t.Fatal("the fixture has no small counts")
	}
	d0, d5 := exact.Document(nil, "nl"), hidden.Document(nil, "nl")
	number := regexp.MustCompile(`\d+`)
	checked := 0
	for si, s := range d5.Sections {
		var sentences []int
		for _, p := range append([]string{s.Intro}, s.Text...) {
			for _, m := range number.FindAllString(p, -1) {
				n, _ := strconv.Atoi(m)
				sentences = append(sentences, n)
			}
		}
		for ti, tb := range s.Tables {
			if j := strings.Join(flatten(tb.Rows), " "); strings.Contains(j, "≥") || strings.Contains(j, "Totaal < ") {
				t.Errorf("%s: shows ≥ or a total as small", tb.Caption)
			}
			last := len(tb.Rows) - 1
			if last < 0 || tb.Rows[last][0] != "Totaal" || len(tb.Rows[last]) != 2 {
				continue
			}
			truth := d0.Sections[si].Tables[ti].Rows
			trueTotal, _ := strconv.Atoi(truth[last][1])
			var totals []int
			if n, err := strconv.Atoi(tb.Rows[last][1]); err == nil {
				totals = append(totals, n)
			}
			for _, n := range sentences {
				if n == trueTotal {
					totals = append(totals, n) // the total is known from the section's text
				}
			}
			var shown []int
			var secret []int
			for i, row := range tb.Rows[:last] {
				if n, err := strconv.Atoi(row[1]); err == nil {
					shown = append(shown, n)
				} else {
					v, _ := strconv.Atoi(truth[i][1])
					secret = append(secret, v)
				}
			}
			if len(secret) == 0 {
				continue
			}
			checked++
			if len(shown) > 20 {
				t.Fatalf("%s: too many cells to try every subset", tb.Caption)
			}
			for mask := 0; mask < 1<<len(shown); mask++ {
				sub := 0
				for i, n := range shown {
					if mask&(1<<i) != 0 {
						sub += n
					}
				}
				for _, tot := range totals {
					for _, v := range secret {
						if tot-sub == v {
							t.Errorf("%s: the hidden %d is %d minus shown counts %d", tb.Caption, v, tot, sub)
						}
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no table with a hidden count was checked")
	}
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// smallCounts is an organisation with eleven reports of 2024 in small
// numbers per category, outcome and investigation.
func smallCounts(t *testing.T) (*store.Store, int64) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	org := mustOrg(t, st, "kleinstad")
	var facts []fact
	cats := []string{"financial", "financial", "financial", "financial", "financial", "financial", "conflict_of_interest", "conflict_of_interest", "undesirable_conduct", "undesirable_conduct", "undesirable_conduct"}
	outs := []string{"substantiated", "substantiated", "substantiated", "substantiated", "substantiated", "unsubstantiated", "unsubstantiated", "unsubstantiated", "unsubstantiated", "unsubstantiated", "not_established"}
	invs := []string{"internal", "internal", "internal", "internal", "internal", "internal", "preliminary", "preliminary", "external", "none", "none"}
	for i := range cats {
		facts = append(facts, fact{received: "2024-0" + strconv.Itoa(1+i%9) + "-10", investigation: invs[i], closed: "2024-11-30",
			ack: "2024-0" + strconv.Itoa(1+i%9) + "-11", categories: []string{cats[i]}, outcomes: []string{outs[i]}})
	}
	insertReports(t, st, org.ID, facts)
	return st, org.ID
}
