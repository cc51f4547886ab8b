package store_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// closedReport files a report with an attachment through the reporting
// point and closes it the way a coordinator does.
func closedReport(t *testing.T, s *store.Store, org *domain.Organisation, actor store.Actor, kr store.Keyring, code string, wbk bool) *domain.Report {
	t.Helper()
	ctx := context.Background()
	r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", ReporterKind: "employee", Whistleblower: wbk, Anonymous: true,
		Content: domain.ReportContent{What: "Vermoeden " + canary}}, receipt(t, s, org.ID, code),
		store.File{Name: "bijlage.txt", Content: []byte("bijlage " + canary)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Acknowledge(ctx, actor, org.ID, r.ID, kr, "Ontvangen."); err != nil {
		t.Fatal(err)
	}
	if err := s.AddAllegation(ctx, actor, org.ID, r.ID, kr, "financial", 0); err != nil {
		t.Fatal(err)
	}
	got, err := s.OpenReport(ctx, actor, org.ID, r.ID, kr)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetOutcome(ctx, actor, org.ID, r.ID, got.Allegations[0].ID, kr, domain.OutcomeSubstantiated, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.AddMeasure(ctx, actor, org.ID, r.ID, kr, "reprimand", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMessage(ctx, actor, org.ID, r.ID, kr, domain.KindFeedback, "Onderzocht."); err != nil {
		t.Fatal(err)
	}
	if err := s.CloseReport(ctx, actor, org.ID, r.ID, kr, "Afgehandeld."); err != nil {
		t.Fatal(err)
	}
	return r
}

// rowsOf counts what is left of a report in the tables that hold its
// sealed content, attachments and parts.
func rowsOf(t *testing.T, s *store.Store, reportID int64) int {
	t.Helper()
	total := 0
	for _, table := range []string{"reports", "report_grants", "allegations", "measures", "report_messages", "report_attachments", "report_events"} {
		col := "report_id"
		if table == "reports" {
			col = "id"
		}
		var n int
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM `+table+` WHERE `+col+` = $1`, reportID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		total += n
	}
	return total
}

// TestRetentionDestruction: records past their term are on the list and no
// others (a whistleblower's report never); after approval they are gone
// with their sealed content, attachments and key grants; the audit log and
// the destruction name them by reference; the year's counts stay.
func TestRetentionDestruction(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clock := newClock(s) // 2 March 2026
		org := mustOrg(t, s, "helmond")
		coord, kr := handler(t, s, org, "coord", "officials")
		actor := store.UserActor(coord, "sess")
		ctl := store.UserActor(mustUser(t, s, org, "ctl", domain.RoleController), "sess2")

		old := closedReport(t, s, org, actor, kr, "1111222233334444", false)
		wbk := closedReport(t, s, org, actor, kr, "1111222233335555", true)
		answered := &domain.AdviceRequest{ReceivedOn: domain.Day(clock.now.AddDate(0, -2, 0)), Topic: domain.AdviceTopics[0], AnsweredOn: ptr(domain.Day(clock.now.AddDate(0, -1, 0)))}
		if err := s.CreateAdviceRequest(ctx, actor, org.ID, answered); err != nil {
			t.Fatal(err)
		}
		before, err := s.ReportFacts(ctx, org.ID, 2026)
		if err != nil || len(before) != 2 {
			t.Fatalf("facts before = %d, %v", len(before), err)
		}
		adviceBefore, _ := s.AdviceCounts(ctx, org.ID, 2026)
		if list, _ := s.DestructionList(ctx, org.ID); len(list) != 0 {
			t.Fatalf("list before any term ran out = %+v", list)
		}

		clock.Add(time.Duration(10*366) * 24 * time.Hour) // 2036: past ten years after closing, and five after the answer
		newer := closedReport(t, s, org, actor, kr, "1111222233336666", false)
		list, err := s.DestructionList(ctx, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, c := range list {
			keys = append(keys, c.Key())
		}
		want := []string{"advice_request:" + itoa(answered.ID), "report:" + itoa(old.ID)}
		if strings.Join(keys, " ") != strings.Join(want, " ") {
			t.Fatalf("destruction list = %v, want %v (not the whistleblower's %d, not the newer %d)", keys, want, wbk.ID, newer.ID)
		}

		// Approval needs the mandate and at least one entry; an entry not on the list is refused and changes nothing.
		_, err = s.Destroy(ctx, ctl, org.ID, "Controller", domain.DestructionApproval{Keys: keys})
		wantCode(t, err, domain.EINVALID)
		_, err = s.Destroy(ctx, ctl, org.ID, "Controller", domain.DestructionApproval{Keys: []string{"report:" + itoa(old.ID), "report:" + itoa(wbk.ID)}, Authority: "Mandaat 2030/1"})
		wantCode(t, err, domain.EINVALID)
		if rowsOf(t, s, old.ID) == 0 {
			t.Fatal("a refused approval destroyed the report")
		}

		if keyCopies(t, s, old.ID) == 0 {
			t.Fatal("the handler's work on the report left no copy of its key to test its destruction with")
		}
		d, err := s.Destroy(ctx, ctl, org.ID, "Controller", domain.DestructionApproval{Keys: keys, Authority: "Mandaatbesluit archief 2030/1"})
		if err != nil {
			t.Fatal(err)
		}
		if n := keyCopies(t, s, old.ID); n != 0 {
			t.Errorf("%d copies of the destroyed report's key remain", n)
		}
		if n := rowsOf(t, s, old.ID); n != 0 {
			t.Errorf("%d rows of the destroyed report remain", n)
		}
		if rowsOf(t, s, wbk.ID) == 0 || rowsOf(t, s, newer.ID) == 0 {
			t.Error("a record not approved was destroyed")
		}
		var grants int
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM advice_requests WHERE id = $1`, answered.ID).Scan(&grants); err != nil || grants != 0 {
			t.Errorf("advice request left: %d %v", grants, err)
		}
		if _, err := s.OpenReport(ctx, actor, org.ID, old.ID, kr); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("open destroyed report: %v", err)
		}

		got, err := s.Destruction(ctx, org.ID, d.ID)
		if err != nil || len(got.Entries) != 2 || got.Entries[1].Ref != old.Number || got.Authority != "Mandaatbesluit archief 2030/1" {
			t.Errorf("destruction = %+v, %v", got, err)
		}
		entries, err := s.AuditEntries(ctx, domain.AuditFilter{OrgID: org.ID, Action: "retention.", Limit: 10})
		if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Detail, "reports=1 advice_requests=1") ||
			!strings.Contains(entries[0].Detail, old.Number) || strings.Contains(entries[0].Detail, "Vermoeden") {
			t.Errorf("audit = %+v, %v", entries, err)
		}

		// The year's figures are the same.
		after, err := s.ReportFacts(ctx, org.ID, 2026)
		if err != nil || len(after) != len(before) {
			t.Fatalf("facts after = %d, %v", len(after), err)
		}
		for i := range before {
			if before[i].ReceivedAt.UTC() != after[i].ReceivedAt.UTC() || len(after[i].Allegations) != len(before[i].Allegations) ||
				len(after[i].Measures) != len(before[i].Measures) || after[i].Whistleblower != before[i].Whistleblower {
				t.Errorf("fact %d: before %+v, after %+v", i, before[i], after[i])
			}
		}
		if adviceAfter, _ := s.AdviceCounts(ctx, org.ID, 2026); adviceAfter.Total != adviceBefore.Total || adviceAfter.Answered != adviceBefore.Answered {
			t.Errorf("advice counts before %+v, after %+v", adviceBefore, adviceAfter)
		}
		if byYear, _ := s.ReportCountsByYear(ctx, org.ID); byYear[2026] != 2 {
			t.Errorf("counts by year = %v", byYear)
		}
		if list, _ := s.DestructionList(ctx, org.ID); len(list) != 0 {
			t.Errorf("list after destruction = %+v", list)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
