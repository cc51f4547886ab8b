package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func TestYearlyCounts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, b := mustOrg(t, s, "eerste"), mustOrg(t, s, "tweede")
		for _, y := range []struct{ year, n int }{{2019, 10}, {2020, 17}, {2020, 18}} {
			if err := s.SetYearlyCount(ctx, store.CLI, a.ID, y.year, "reports", y.n); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, s.SetYearlyCount(ctx, store.CLI, a.ID, 2020, "nonsense", 1), domain.EINVALID)
		wantCode(t, s.SetYearlyCount(ctx, store.CLI, a.ID, 2020, "reports", -1), domain.EINVALID)
		got, err := s.YearlyCounts(ctx, a.ID, "reports")
		if err != nil || len(got) != 2 || got[2019] != 10 || got[2020] != 18 {
			t.Fatalf("counts %v, %v", got, err)
		}
		if got, _ := s.YearlyCounts(ctx, b.ID, "reports"); len(got) != 0 {
			t.Fatalf("another organisation's counts: %v", got)
		}
	})
}

// TestImportTemplateAllOrNothing: a row the store refuses in the last list
// it stores leaves nothing of the others.
func TestImportTemplateAllOrNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "eerste")
		day := time.Date(2021, 3, 1, 12, 0, 0, 0, time.UTC)
		set := &store.ImportSet{
			Reports:        []store.ImportReport{{Ref: "M1", Report: store.ImportReportFields{ReceivedAt: day}, Measures: []domain.MeasureKind{"conversation"}}},
			Allegations:    []store.ImportAllegation{{ReportRef: "M1", Allegation: domain.Allegation{Category: "financial", Outcome: "substantiated", OutcomeNote: "vastgesteld"}}},
			AdviceRequests: []domain.AdviceRequest{{ReceivedOn: domain.Day(day), Topic: "gifts"}},
			YearlyCounts:   []store.YearlyCount{{Year: 2020, Measure: "reports", Count: 3}, {Year: 2020, Measure: "unknown", Count: 1}},
		}
		_, err := s.ImportTemplate(ctx, store.CLI, org.ID, set)
		var re *store.RowError
		if !errors.As(err, &re) || re.List != store.ListYearlyCounts || re.Index != 1 {
			t.Fatalf("err = %v", err)
		}
		for _, table := range []string{"reports", "advice_requests", "yearly_counts"} {
			if n, _ := s.CountRows(ctx, table, org.ID); n != 0 {
				t.Errorf("%s: %d rows after a refused import", table, n)
			}
		}
		set.YearlyCounts = set.YearlyCounts[:1]
		counts, err := s.ImportTemplate(ctx, store.CLI, org.ID, set)
		if err != nil || counts.Lists[store.ListReports].Created != 1 || counts.Lists[store.ListAllegations].Created != 1 {
			t.Fatalf("import %+v, %v", counts, err)
		}
		// Again: the report is updated, the advice request replaced.
		counts, err = s.ImportTemplate(ctx, store.CLI, org.ID, set)
		if err != nil || counts.Lists[store.ListReports].Updated != 1 || counts.Lists[store.ListAdviceRequests].Replaced != 1 {
			t.Fatalf("re-import %+v, %v", counts, err)
		}
		for table, want := range map[string]int{"reports": 1, "advice_requests": 1, "yearly_counts": 1} {
			if n, _ := s.CountRows(ctx, table, org.ID); n != want {
				t.Errorf("%s: %d rows, want %d", table, n, want)
			}
		}
	})
}
