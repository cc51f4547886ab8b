package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// nextStatus is the status of a report's first open deadline as the
// dashboard decides it (web's newReportRow); ok false when none is open.
func nextStatus(r *domain.Report, now time.Time) (domain.DeadlineStatus, bool) {
	switch {
	case r.AcknowledgedAt == nil:
		return domain.StatusOf(domain.AcknowledgementDue(r.ReceivedAt), nil, now), true
	case r.FeedbackAt == nil:
		return domain.StatusOf(domain.FeedbackDue(r.ReceivedAt, r.AcknowledgedAt), nil, now), true
	}
	return "", false
}

// urgent lists "id:status" of the overdue and due-soon reports among list.
func urgent(list []*domain.Report, now time.Time) []string {
	var out []string
	for _, r := range list {
		if st, ok := nextStatus(r, now); ok && (st == domain.DeadlineOverdue || st == domain.DeadlineDueSoon) {
			out = append(out, fmt.Sprintf("%d:%s", r.ID, st))
		}
	}
	slices.Sort(out)
	return out
}

// TestDashboardReadsOnlyUrgentReports: the counts of open and unconfirmed
// reports from the database, and the urgent reports found among
// UrgentCandidates, are those found by reading every open report, on
// reports received, acknowledged and answered over half a year, seen on
// every day of the following months (the three-month feedback period
// crosses months of 28 to 31 days).
func TestDashboardReadsOnlyUrgentReports(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "dash")
		coord, _ := handler(t, s, org, "coord", "officials")
		db := s.DB()
		var channel int64
		if err := db.QueryRowContext(ctx, `SELECT id FROM channels WHERE org_id = $1 AND code = 'officials'`, org.ID).Scan(&channel); err != nil {
			t.Fatal(err)
		}
		base := time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC) // just after midnight in Amsterdam
		for k := 0; k < 200; k++ {
			received := base.AddDate(0, 0, -k).Add(time.Duration(k%5) * time.Hour)
			state, dismissed := domain.StateReceived, ""
			var ack, feedback any
			if k%3 != 0 {
				state = domain.StateAcknowledged
				ack = received.AddDate(0, 0, k%9)
				if k%7 == 0 {
					feedback = received.AddDate(0, 2, 0)
				}
			}
			if k%11 == 0 {
				state = domain.StateClosed
			}
			if k%13 == 0 {
				dismissed = "spam"
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO reports (org_id, channel_id, number, received_at, source, reporter_kind, anonymous, whistleblower,
				state, acknowledged_at, feedback_at, dismissed, content, created_at)
				VALUES ($1, $2, $3, $4, 'form', 'employee', false, false, $5, $6, $7, $8, $9, $4)`,
				org.ID, channel, fmt.Sprintf("D-%d", k), received, string(state), ack, feedback, dismissed, []byte("x")); err != nil {
				t.Fatal(err)
			}
		}
		all, err := s.ReportsForHandler(ctx, org.ID, coord.ID, store.ReportFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		received := 0
		for _, r := range all {
			if r.State == domain.StateReceived {
				received++
			}
		}
		open, unconfirmed, err := s.OpenReportCounts(ctx, org.ID, coord.ID)
		if err != nil || open != len(all) || unconfirmed != received || open == 0 || unconfirmed == 0 {
			t.Fatalf("counts %d open, %d unconfirmed (%v); reading them all: %d, %d", open, unconfirmed, err, len(all), received)
		}
		seen := map[domain.DeadlineStatus]bool{}
		for day := -5; day < 130; day++ {
			now := base.AddDate(0, 0, day)
			candidates, err := s.UrgentCandidates(ctx, org.ID, coord.ID, now)
			if err != nil {
				t.Fatal(err)
			}
			want, got := urgent(all, now), urgent(candidates, now)
			if !slices.Equal(got, want) {
				t.Fatalf("on %s urgent %v, want %v", now, got, want)
			}
			for _, r := range all {
				if st, ok := nextStatus(r, now); ok {
					seen[st] = true
				}
			}
			if len(candidates) == len(all) && day > 10 {
				t.Fatalf("on %s every open report read as a candidate", now)
			}
		}
		if !seen[domain.DeadlineOverdue] || !seen[domain.DeadlineDueSoon] || !seen[domain.DeadlineOK] {
			t.Fatalf("the data lack a kind of deadline: %v", seen)
		}
	})
}

// TestOpenReportsAndReportsByID: the report list's two reads show a
// handler the reports of their own channels only, and nothing of another
// organisation; OpenReports narrows by state and channel, counts over all
// pages and gives the page asked for; ReportsByID keeps the order it is
// given and leaves out what the handler may not list. (The order itself:
// TestOpenReportListOrder in internal/web, on 1,300 reports.)
func TestOpenReportsAndReportsByID(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "lijst")
		other := mustOrg(t, s, "ander")
		coord, kr := handler(t, s, org, "coord", "officials")
		handler(t, s, org, "mayor", "office_holders")
		handler(t, s, other, "coord", "officials")
		file := func(o *domain.Organisation, channel string) *domain.Report {
			t.Helper()
			r, err := s.CreateReport(ctx, store.Reporter, o.ID, domain.NewReport{Channel: channel, ReporterKind: "employee", Anonymous: true,
				Content: domain.ReportContent{What: "Iets"}}, receipt(t, s, o.ID, seal.NewReceipt()))
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		mine := []*domain.Report{file(org, "officials"), file(org, "officials"), file(org, "officials")}
		theirs := file(org, "office_holders")
		elsewhere := file(other, "officials")
		if err := s.Acknowledge(ctx, store.UserActor(coord, "s"), org.ID, mine[1].ID, kr, "Ontvangen."); err != nil {
			t.Fatal(err)
		}
		now := s.Now()
		ids := func(page store.OpenReportPage) []int64 {
			out := slices.Clone(page.IDs)
			slices.Sort(out)
			return out
		}
		for _, c := range []struct {
			filter store.ReportFilter
			want   []int64
		}{
			{store.ReportFilter{}, []int64{mine[0].ID, mine[1].ID, mine[2].ID}},
			{store.ReportFilter{State: domain.StateReceived}, []int64{mine[0].ID, mine[2].ID}},
			{store.ReportFilter{State: domain.StateAcknowledged}, []int64{mine[1].ID}},
			{store.ReportFilter{Channel: "officials"}, []int64{mine[0].ID, mine[1].ID, mine[2].ID}},
			{store.ReportFilter{Channel: "office_holders"}, nil},
		} {
			page, err := s.OpenReports(ctx, org.ID, coord.ID, c.filter, now, 0, 100)
			if err != nil || !slices.Equal(ids(page), c.want) || page.Total != len(c.want) || page.Overdue != 0 || page.DueSoon != 0 {
				t.Fatalf("%+v: %+v (%v), want %v", c.filter, page, err, c.want)
			}
		}
		// Pages: the second of two, and one past the end (counted, empty).
		for _, c := range []struct {
			offset int
			want   int
		}{{0, 2}, {2, 1}, {3, 0}, {50, 0}} {
			page, err := s.OpenReports(ctx, org.ID, coord.ID, store.ReportFilter{}, now, c.offset, 2)
			if err != nil || len(page.IDs) != c.want || page.Total != 3 {
				t.Fatalf("offset %d: %+v (%v), want %d of 3", c.offset, page, err, c.want)
			}
		}
		// Seen eight days on, the two unacknowledged are overdue; the
		// acknowledged one is due in three months.
		if page, err := s.OpenReports(ctx, org.ID, coord.ID, store.ReportFilter{}, now.AddDate(0, 0, 8), 0, 100); err != nil ||
			page.Overdue != 2 || page.DueSoon != 0 || page.IDs[2] != mine[1].ID {
			t.Fatalf("eight days on: %+v (%v)", page, err)
		}
		if _, err := s.OpenReports(ctx, org.ID, coord.ID, store.ReportFilter{State: domain.StateClosed}, now, 0, 100); err == nil {
			t.Fatal("closed reports are not the open list's")
		}
		got, err := s.ReportsByID(ctx, org.ID, coord.ID, []int64{mine[2].ID, theirs.ID, elsewhere.ID, mine[0].ID, 999999})
		if err != nil || len(got) != 2 || got[0].ID != mine[2].ID || got[1].ID != mine[0].ID || got[0].ChannelCode != "officials" {
			t.Fatalf("reports by id: %+v, %v", got, err)
		}
	})
}
