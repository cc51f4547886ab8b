package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// importReportsSet is n reports with their allegations, over more than one
// of the import's batches: every seventh names its investigator (sealed),
// every third has a measure, every fifth allegation a sealed outcome note,
// every eleventh report a second allegation under an own category. tag
// changes the sealed text, for a re-import.
func importReportsSet(n int, tag string) *store.ImportSet {
	set := &store.ImportSet{OwnCategories: []store.ImportOwnCategory{{Label: "Declaraties", Category: "financial"}}}
	for i := range n {
		in := store.ImportReport{Ref: fmt.Sprintf("R%05d", i), Report: store.ImportReportFields{ReceivedAt: importReceived(i, tag)}}
		if i%7 == 0 {
			in.Investigator = fmt.Sprintf("Onderzoeker %d %s", i, tag)
		}
		if i%3 == 0 {
			in.Measures = []domain.MeasureKind{"conversation"}
		}
		set.Reports = append(set.Reports, in)
		a := domain.Allegation{Category: "conflict_of_interest", Outcome: "substantiated"}
		if i%5 == 0 {
			a.OutcomeNote = fmt.Sprintf("Notitie %d %s", i, tag)
		}
		set.Allegations = append(set.Allegations, store.ImportAllegation{ReportRef: in.Ref, Allegation: a})
		if i%11 == 0 {
			set.Allegations = append(set.Allegations, store.ImportAllegation{ReportRef: in.Ref,
				Allegation: domain.Allegation{OwnLabel: "Declaraties", Outcome: "unsubstantiated"}})
		}
	}
	return set
}

// importReceived is the day of receipt of report i of importReportsSet: a
// day later in the re-import ("weer").
func importReceived(i int, tag string) time.Time {
	at := time.Date(2021, 3, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
	if tag == "weer" {
		at = at.AddDate(0, 0, 1)
	}
	return at
}

// TestImportReportsInBatches: reports and allegations written many rows per
// statement open for the coordinator as one imported alone would, across
// the batches' edges (the sealed fields under each report's own key, named
// by the ids reserved for them); the server's own reports and allegations
// get ids after them; a re-import updates every report and replaces its
// allegations; a new report whose ref is a filed report's number is
// refused at its row and stores nothing; one audit entry per record, the
// chain intact. Both engines.
func TestImportReportsInBatches(t *testing.T) {
	const n = 1234
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "batchstad")
		coord, kr := handler(t, s, org, "coord", "officials")
		actor := store.UserActor(coord, "sess")
		counts, err := s.ImportTemplate(ctx, store.CLI, org.ID, importReportsSet(n, "eerst"))
		if err != nil {
			t.Fatal(err)
		}
		allegations := n + (n+10)/11
		if c := counts.Lists[store.ListReports]; c.Created != n || c.Updated != 0 {
			t.Fatalf("reports %+v", c)
		}
		if c := counts.Lists[store.ListAllegations]; c.Created != allegations || c.Replaced != 0 {
			t.Fatalf("allegations %+v", c)
		}
		ids := importedReportIDs(t, s, org.ID)
		if len(ids) != n {
			t.Fatalf("%d reports stored", len(ids))
		}
		check := func(i int, tag string) {
			t.Helper()
			ref := fmt.Sprintf("R%05d", i)
			r, err := s.OpenReport(ctx, actor, org.ID, ids[ref], kr)
			if err != nil {
				t.Fatalf("%s: %v", ref, err)
			}
			wantInvestigator, wantNote, wantAllegations, wantMeasures := "", "", 1, 0
			if i%7 == 0 {
				wantInvestigator = fmt.Sprintf("Onderzoeker %d %s", i, tag)
			}
			if i%5 == 0 {
				wantNote = fmt.Sprintf("Notitie %d %s", i, tag)
			}
			if i%11 == 0 {
				wantAllegations = 2
			}
			if i%3 == 0 {
				wantMeasures = 1
			}
			if !r.ReceivedAt.Equal(importReceived(i, tag)) {
				t.Fatalf("%s: received at %v, want %v", ref, r.ReceivedAt, importReceived(i, tag))
			}
			if r.Number != ref || r.Content.Investigator != wantInvestigator || len(r.Allegations) != wantAllegations || len(r.Measures) != wantMeasures {
				t.Fatalf("%s: number %q, investigator %q, %d allegations, %d measures", ref, r.Number, r.Content.Investigator, len(r.Allegations), len(r.Measures))
			}
			notes := ""
			for _, a := range r.Allegations {
				notes += a.OutcomeNote
				if a.OwnLabel != "" && (a.OwnLabel != "Declaraties" || a.Category != "financial") {
					t.Fatalf("%s: own category %q %q", ref, a.OwnLabel, a.Category)
				}
			}
			if notes != wantNote {
				t.Fatalf("%s: outcome note %q, want %q", ref, notes, wantNote)
			}
		}
		for _, i := range []int{0, 1, 55, 499, 500, 770, 999, 1000, 1155, n - 1} {
			check(i, "eerst")
		}

		// A report filed afterwards, and an allegation on it, get new ids.
		filed, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", ReporterKind: "resident", Anonymous: true,
			Content: domain.ReportContent{What: "Na de import"}}, receipt(t, s, org.ID, "1234567890123456"))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddAllegation(ctx, actor, org.ID, filed.ID, kr, "financial", 0); err != nil {
			t.Fatal(err)
		}

		// A subject the coordinator gave an imported report is sealed under
		// the key a re-import replaces, so the re-import clears it.
		if err := s.SetSubject(ctx, actor, org.ID, ids["R00499"], kr, "Onderwerp vóór de import"); err != nil {
			t.Fatal(err)
		}
		if n := keyCopies(t, s, ids["R00499"]); n != 1 {
			t.Fatalf("%d copies of the key before the re-import, want the handler's", n)
		}

		// Again, with other sealed text: every report updated, its allegations replaced.
		counts, err = s.ImportTemplate(ctx, store.CLI, org.ID, importReportsSet(n, "weer"))
		if err != nil {
			t.Fatal(err)
		}
		// The re-import's new data key replaced the grants, and with them
		// the handler's copy of the old key.
		if n := keyCopies(t, s, ids["R00499"]); n != 0 {
			t.Fatalf("%d copies of the replaced key after the re-import", n)
		}
		if c := counts.Lists[store.ListReports]; c.Created != 0 || c.Updated != n {
			t.Fatalf("again: reports %+v", c)
		}
		if c := counts.Lists[store.ListAllegations]; c.Created != allegations || c.Replaced != allegations {
			t.Fatalf("again: allegations %+v", c)
		}
		for _, i := range []int{0, 499, 500, 1155, n - 1} {
			check(i, "weer")
		}
		if r, err := s.OpenReport(ctx, actor, org.ID, ids["R00499"], kr); err != nil || r.Subject != "" {
			t.Fatalf("the re-imported report's subject: %v", err)
		}
		if got, _ := s.CountRows(ctx, "reports", org.ID); got != n+1 {
			t.Fatalf("%d reports after the re-import, want %d", got, n+1)
		}

		// A new report whose ref is the filed report's number, late in the
		// file: refused at its row, nothing of the import stored.
		var entries int
		if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&entries); err != nil {
			t.Fatal(err)
		}
		set := importReportsSet(n+200, "derde")
		set.Reports[n+150].Ref = filed.Number
		set.Allegations = nil
		_, err = s.ImportTemplate(ctx, store.CLI, org.ID, set)
		var re *store.RowError
		if !errors.As(err, &re) || re.List != store.ListReports || re.Index != n+150 || domain.ErrorCode(re.Err) != domain.ECONFLICT {
			t.Fatalf("a filed report's number: %v", err)
		}
		if got, _ := s.CountRows(ctx, "reports", org.ID); got != n+1 {
			t.Fatalf("%d reports after a refused import, want %d", got, n+1)
		}
		var after, imports int
		if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&after); err != nil {
			t.Fatal(err)
		}
		if after != entries {
			t.Fatalf("a refused import left %d audit entries", after-entries)
		}
		check(0, "weer")
		if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action IN ('report.import', 'report.import_update', 'report.import_allegation')`).Scan(&imports); err != nil {
			t.Fatal(err)
		}
		if imports != 2*(n+allegations) {
			t.Fatalf("%d audit entries of imported records, want %d", imports, 2*(n+allegations))
		}
		if _, brk, err := s.VerifyAudit(ctx); err != nil || brk != nil {
			t.Fatalf("audit chain: %+v, %v", brk, err)
		}

		// A ref twice in one list (the register refuses that; the store
		// writes the first and updates it with the second).
		set = importReportsSet(3, "twee")
		set.Reports[2].Ref, set.Allegations = "T1", nil
		set.Reports[1].Ref = "T1"
		counts, err = s.ImportTemplate(ctx, store.CLI, org.ID, set)
		if err != nil || counts.Lists[store.ListReports].Created != 1 || counts.Lists[store.ListReports].Updated != 2 {
			t.Fatalf("a ref twice: %+v, %v", counts, err)
		}
		if got, _ := s.CountRows(ctx, "reports", org.ID); got != n+2 {
			t.Fatalf("%d reports after a ref twice, want %d", got, n+2)
		}
	})
}

// importedReportIDs returns the ids of the organisation's imported
// reports by their reference in the import.
func importedReportIDs(t *testing.T, s *store.Store, orgID int64) map[string]int64 {
	t.Helper()
	rows, err := s.DB().QueryContext(context.Background(), `SELECT import_ref, id FROM reports WHERE org_id = $1`, orgID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ids := map[string]int64{}
	for rows.Next() {
		var ref string
		var id int64
		if err := rows.Scan(&ref, &id); err != nil {
			t.Fatal(err)
		}
		ids[ref] = id
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}
