package register

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// volumeRows is the import at volume: the row limit of a file.
const volumeRows = MaxRows

// volumePositions writes positions.csv with n positions, P001….
func volumePositions(n int) []byte {
	var b bytes.Buffer
	b.WriteString("ref,title,department,designated_publication,designated_financial\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "P%03d,Functie %d,Afdeling %d,%s,nee\n", i, i, i%12, map[bool]string{true: "ja", false: "nee"}[i%5 == 0])
	}
	return b.Bytes()
}

// volumePeople writes people.csv with n people, as an HR system exports
// them: every column of the template filled, a position for most. When bad
// is a data row (1 = the first), that row's employment is not a code.
func volumePeople(n, positions, bad int) []byte {
	var b bytes.Buffer
	b.Grow(n * 110)
	b.WriteString("ref,name,employment,position_ref,department,start_on,vog_on,oath_on,oath_kind,declaration_on\n")
	kinds := []string{"permanent", "permanent", "temporary", "hired", "intern"}
	for i := 1; i <= n; i++ {
		kind := kinds[i%len(kinds)]
		if i == bad {
			kind = "zzp"
		}
		pos := ""
		if i%10 != 0 {
			pos = fmt.Sprintf("P%03d", 1+i%positions)
		}
		day := 1 + i%28
		oathOn, oathKind := fmt.Sprintf("2021-%02d-%02d", 1+i%12, day), []string{"oath", "affirmation"}[i%2]
		if kind == "hired" || kind == "intern" { // not officials: no oath
			oathOn, oathKind = "", ""
		}
		fmt.Fprintf(&b, "E%06d,Medewerker %d,%s,%s,Afdeling %d,2021-%02d-%02d,2020-12-%02d,%s,%s,2021-01-%02d\n",
			i, i, kind, pos, i%12, 1+i%12, day, day, oathOn, oathKind, day)
	}
	return b.Bytes()
}

// TestImportAtVolume: a people.csv of the row limit (100,000 rows) with its
// positions is imported whole, on both engines; the same file with one bad
// row near the end stores nothing and names that row; importing the file
// again changes nothing. Not timed (see BenchmarkImport100kPeople).
func TestImportAtVolume(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 100,000 rows")
	}
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "volume")
		files := func(bad int) map[string][]byte {
			return map[string][]byte{PositionsFile: volumePositions(40), PeopleFile: volumePeople(volumeRows, 40, bad)}
		}
		// Row 99,999 of the data (spreadsheet row 100,000) is bad: nothing stored.
		_, err := Import(ctx, s, store.CLI, org.ID, files(volumeRows-1))
		problems, ok := err.(*Problems)
		if !ok || len(problems.List) != 1 || problems.List[0].Row != volumeRows || problems.List[0].Column != "employment" {
			t.Fatalf("bad row: %v", err)
		}
		if !strings.Contains(problems.List[0].String(), fmt.Sprintf("people.csv, rij %d, kolom employment", volumeRows)) {
			t.Errorf("message %q", problems.List[0].String())
		}
		if people, positions := count(t, s, org.ID); people != 0 || positions != 0 {
			t.Fatalf("after a refused import: %d people, %d positions", people, positions)
		}

		// One row past the limit: refused whole, with the limit in the message.
		_, err = Import(ctx, s, store.CLI, org.ID, map[string][]byte{PeopleFile: volumePeople(MaxRows+1, 40, 0)})
		if problems, ok := err.(*Problems); !ok || len(problems.List) != 1 ||
			problems.List[0].String() != "people.csv: Het bestand heeft meer dan 100000 rijen, de grens per bestand of tabblad. Splits het in delen; er is niets opgeslagen." {
			t.Fatalf("past the limit: %v", err)
		}

		res, err := Import(ctx, s, store.CLI, org.ID, files(0))
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Count(PeopleFile); c.Created != volumeRows || c.Updated != 0 {
			t.Fatalf("people: %+v", c)
		}
		if people, positions := count(t, s, org.ID); people != volumeRows || positions != 40 {
			t.Fatalf("stored %d people, %d positions", people, positions)
		}
		people, err := s.People(ctx, org.ID, store.PeopleFilter{})
		if err != nil {
			t.Fatal(err)
		}
		byRef := map[string]*domain.Person{}
		for _, p := range people {
			byRef[p.Ref] = p
		}
		if p := byRef["E099999"]; p == nil || p.Name != "Medewerker 99999" || p.Employment != "intern" || p.PositionID == 0 || p.OathKind != "" {
			t.Fatalf("E099999 = %+v", p)
		}
		if p := byRef["E000010"]; p == nil || p.PositionID != 0 {
			t.Fatalf("E000010 = %+v", p)
		}

		// The same file again: every person is there already.
		res, err = Import(ctx, s, store.CLI, org.ID, files(0))
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Count(PeopleFile); c.Created != 0 || c.Updated != volumeRows {
			t.Fatalf("again: %+v", c)
		}
		if n, brk, err := s.VerifyAudit(ctx); err != nil || brk != nil || n < volumeRows {
			t.Fatalf("audit chain: %d entries, %+v, %v", n, brk, err)
		}
	})
}

// BenchmarkImport100kPeople imports a people.csv of 100,000 rows (with 40
// positions) into an empty organisation, all or nothing, as the web upload
// and `integer import` do. It reports the peak of the heap in use
// (peak-heap-MiB), sampled by the runtime's GC cycles, beside the time.
//
//	go test ./internal/register/ -run '^$' -bench Import100k -benchtime 1x -count 3
func BenchmarkImport100kPeople(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			files := map[string][]byte{PositionsFile: volumePositions(40), PeopleFile: volumePeople(100000, 40, 0)}
			benchImport(b, engine, files, PeopleFile, 100000)
		})
	}
}

// benchImport imports files into a new, empty organisation at each round of
// b on the engine, timing the import only, checks that it created want rows
// of the counted file, and reports the peak of the heap in use above what it
// was before (peak-heap-MiB).
func benchImport(b *testing.B, engine string, files map[string][]byte, counted string, want int) {
	for b.Loop() {
		b.StopTimer()
		dsn := filepath.Join(b.TempDir(), "integer.db")
		if engine == "postgres" {
			dsn = dbtest.PostgresURL(b)
		}
		s, err := store.Open(context.Background(), dsn)
		if err != nil {
			b.Fatal(err)
		}
		o := &domain.Organisation{Slug: "bench", Name: "Gemeente Bench"}
		if err := s.CreateOrganisation(context.Background(), store.CLI, o); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		stop := samplePeak()
		b.StartTimer()
		res, err := Import(context.Background(), s, store.CLI, o.ID, files)
		b.StopTimer()
		peak := stop()
		if err != nil {
			b.Fatal(err)
		}
		if c := res.Count(counted); c.Created != want {
			b.Fatalf("%+v", c)
		}
		b.ReportMetric(float64(peak-before.HeapInuse)/(1<<20), "peak-heap-MiB")
		s.Close()
		if engine == "sqlite" {
			os.RemoveAll(filepath.Dir(dsn))
		}
		b.StartTimer()
	}
}

// samplePeak samples the heap in use every 5 ms until the returned function
// is called, which returns the highest value seen.
func samplePeak() func() uint64 {
	done, out := make(chan struct{}), make(chan uint64)
	go func() {
		var peak uint64
		var m runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-done:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); return <-out }
}

// volumeReports writes reports.csv and allegations.csv with n closed reports
// over 15 years, one allegation each, as a register kept before Integer.
// When bad is a data row (1 = the first), that row's allegation is
// "referred" without the body it went to, which only the store can see
// (the report's referral is stored by then).
func volumeReports(n, bad int) (reports, allegations []byte) {
	var r, a bytes.Buffer
	r.Grow(n * 100)
	a.Grow(n * 40)
	r.WriteString("ref,received_on,reporter_kind,anonymous,acknowledged_on,feedback_on,investigation,measures,closed_on\n")
	a.WriteString("report_ref,category,outcome\n")
	for i := 1; i <= n; i++ {
		year, month, day := volumeReportDay(i)
		fmt.Fprintf(&r, "H%07d,%d-%02d-%02d,employee,%s,%d-%02d-%02d,%d-%02d-%02d,internal,%s,%d-%02d-%02d\n",
			i, year, month, day, []string{"ja", "nee"}[i%2], year, month, day, year, month+1, day,
			[]string{"warning", "", "conversation"}[i%3], year, month+2, day)
		category, outcome := volumeAllegation(i)
		if i == bad {
			outcome = "referred"
		}
		fmt.Fprintf(&a, "H%07d,%s,%s\n", i, category, outcome)
	}
	return r.Bytes(), a.Bytes()
}

// volumeReportDay is the day the i-th report of volumeReports was received.
func volumeReportDay(i int) (year, month, day int) { return 2010 + i%15, 1 + i%10, 1 + i%28 }

// volumeAllegation is the category and outcome of the i-th report's allegation.
func volumeAllegation(i int) (category, outcome string) {
	cats := []string{"financial", "conflict_of_interest", "information_misuse", "undesirable_conduct", "misuse_of_resources"}
	outcomes := []string{"substantiated", "unsubstantiated", "partly_substantiated", "not_established"}
	return cats[i%len(cats)], outcomes[i%len(outcomes)]
}

// TestImportReportsAtVolume: reports.csv and allegations.csv of the row
// limit (100,000 reports, one allegation each), on both engines: an
// allegation the store refuses in the last row stores nothing (not one of
// the 100,000 reports written before it) and names that row; the files
// import whole, and the annual report's counts per year, category and
// outcome are those of the files; importing them again updates every
// report and replaces every allegation instead of adding any; the audit
// chain holds. Not timed (see BenchmarkImportReports100k).
func TestImportReportsAtVolume(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 100,000 reports")
	}
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "meldingen")
		files := func(bad int) map[string][]byte {
			reports, allegations := volumeReports(volumeRows, bad)
			return map[string][]byte{ReportsFile: reports, AllegationsFile: allegations}
		}
		entries, _, err := s.VerifyAudit(ctx)
		if err != nil {
			t.Fatal(err)
		}

		_, err = Import(ctx, s, store.CLI, org.ID, files(volumeRows))
		problems, ok := err.(*Problems)
		if !ok || len(problems.List) != 1 || problems.List[0].File != AllegationsFile || problems.List[0].Row != volumeRows+1 ||
			problems.List[0].Column != "referred_to" {
			t.Fatalf("bad last row: %v", err)
		}
		if n, _ := s.CountRows(ctx, "reports", org.ID); n != 0 {
			t.Fatalf("after a refused import: %d reports", n)
		}
		if n, brk, err := s.VerifyAudit(ctx); err != nil || brk != nil || n != entries {
			t.Fatalf("after a refused import: %d audit entries (was %d), %+v, %v", n, entries, brk, err)
		}

		// The annual report's counts as the files give them.
		wantReports := map[int]int{}
		wantAllegations := map[store.AllegationCount]int{}
		for i := 1; i <= volumeRows; i++ {
			year, _, _ := volumeReportDay(i)
			category, outcome := volumeAllegation(i)
			wantReports[year]++
			wantAllegations[store.AllegationCount{Year: year, Category: category, Outcome: outcome}]++
		}
		years := slices.Sorted(maps.Keys(wantReports))
		figures := func(when string) {
			t.Helper()
			got, err := s.ReportCountsByYear(ctx, org.ID)
			if err != nil || !maps.Equal(got, wantReports) {
				t.Fatalf("%s: reports per year %v, want %v (%v)", when, got, wantReports, err)
			}
			counts, err := s.AllegationCountsByYear(ctx, org.ID, years)
			if err != nil {
				t.Fatal(err)
			}
			gotAllegations := map[store.AllegationCount]int{}
			for _, c := range counts {
				n := c.N
				c.N = 0
				gotAllegations[c] += n
			}
			if !maps.Equal(gotAllegations, wantAllegations) {
				t.Fatalf("%s: allegations by year, category and outcome differ: %d kinds, want %d", when, len(gotAllegations), len(wantAllegations))
			}
		}

		res, err := Import(ctx, s, store.CLI, org.ID, files(0))
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Count(ReportsFile); c.Created != volumeRows || c.Updated != 0 {
			t.Fatalf("reports: %+v", c)
		}
		if c := res.Count(AllegationsFile); c.Created != volumeRows || c.Replaced != 0 {
			t.Fatalf("allegations: %+v", c)
		}
		figures("imported")

		res, err = Import(ctx, s, store.CLI, org.ID, files(0))
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Count(ReportsFile); c.Created != 0 || c.Updated != volumeRows {
			t.Fatalf("again: reports %+v", c)
		}
		if c := res.Count(AllegationsFile); c.Created != volumeRows || c.Replaced != volumeRows {
			t.Fatalf("again: allegations %+v", c)
		}
		if n, _ := s.CountRows(ctx, "reports", org.ID); n != volumeRows {
			t.Fatalf("after the re-import: %d reports", n)
		}
		figures("imported again")
		// Each import: an entry per report and per allegation, and one for the whole.
		if n, brk, err := s.VerifyAudit(ctx); err != nil || brk != nil || n != entries+2*(2*volumeRows+1) {
			t.Fatalf("audit chain: %d entries, want %d, %+v, %v", n, entries+2*(2*volumeRows+1), brk, err)
		}
	})
}

// BenchmarkImportReports10k imports reports.csv and allegations.csv of 10,000
// reports (one allegation each) into an empty organisation: every report
// gets a data key and its sealed fields (no handlers or recovery key yet,
// so no key is wrapped).
//
//	go test ./internal/register/ -run '^$' -bench ImportReports -benchtime 1x -count 3
func BenchmarkImportReports10k(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("INTEGER_BENCH_REPORTS")); err == nil && v > 0 {
		n = v // to see how the time grows with the number
	}
	benchImportReports(b, n)
}

// BenchmarkImportReports100k is BenchmarkImportReports10k at the row limit.
//
//	go test ./internal/register/ -run '^$' -bench ImportReports100k -benchtime 1x -count 3
func BenchmarkImportReports100k(b *testing.B) { benchImportReports(b, 100000) }

func benchImportReports(b *testing.B, n int) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			reports, allegations := volumeReports(n, 0)
			files := map[string][]byte{ReportsFile: reports, AllegationsFile: allegations}
			benchImport(b, engine, files, ReportsFile, n)
		})
	}
}
