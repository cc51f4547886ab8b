package web_test

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func TestOpenReportListOrderSQLite(t *testing.T) { testOpenReportListOrder(t, "") }

func TestOpenReportListOrderPostgres(t *testing.T) { testOpenReportListOrder(t, dbtest.PostgresURL(t)) }

// listedReport is a report as the test wrote it, to work out the list the
// page must show by the list's rule, independently of the server.
type listedReport struct {
	id                    int64
	number, channel       string
	state                 domain.ReportState
	dismissed             string
	received              time.Time
	acknowledged, fedback *time.Time
}

// testOpenReportListOrder writes 1,300 reports in three channels (two the
// coordinator handles), open and closed, dismissed, unacknowledged and
// acknowledged early or late, with and without feedback, received at any
// hour around midnight in Amsterdam and some at the same moment, and
// checks every page of the open list (all open ones, received, acknowledged,
// one channel) on several days: the reports and their order must be those
// of the list's rule — overdue first, then due within the week, then the
// other open deadlines, each by due day, then received, then number; those
// without an open deadline last, oldest first — and the counts must be
// over all of them, more than the 1,000 the list once read.
func testOpenReportListOrder(t *testing.T, dsn string) {
	if testing.Short() {
		t.Skip("writes 1,300 reports and requests every page of the list on several days")
	}
	e := newEnv(t, dsn)
	org := e.org("volgorde")
	coord, _ := e.handlerIn(org, "coord", "officials")
	e.addHandler(org, "mayor", coord)
	ctx := context.Background()
	db := e.store.DB()
	channels := map[string]int64{}
	for _, code := range []string{"officials", "mayor", "office_holders"} {
		ch, err := e.store.ChannelByCode(ctx, org.ID, code)
		if err != nil {
			t.Fatal(err)
		}
		channels[code] = ch.ID
	}
	base := time.Date(2026, 10, 31, 23, 30, 0, 0, time.UTC) // just after midnight in Amsterdam
	var all []listedReport
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k := range 1300 {
		r := listedReport{number: fmt.Sprintf("V-%04d", 1300-k), channel: "officials", state: domain.StateReceived}
		// Received over 200 days, at hours around midnight.
		r.received = base.AddDate(0, 0, -(k % 200)).Add(time.Duration(k%7-3) * time.Hour)
		switch {
		case k%5 == 1:
			r.channel = "mayor"
		case k%41 == 0:
			r.channel = "office_holders" // not the coordinator's
		}
		if k%3 != 0 {
			r.state = domain.StateAcknowledged
			// Acknowledged from the day itself to 20 days late; at the end of
			// a month some share the feedback day (31 January and 28 February
			// both give 30 April, 31 May give 31 August...).
			ack := r.received.AddDate(0, 0, k%21)
			r.acknowledged = &ack
			if k%4 == 0 {
				fb := ack.AddDate(0, 1, k%30)
				r.fedback = &fb
			}
		}
		switch {
		case k%19 == 0:
			r.state = domain.StateClosed
		case k%23 == 0:
			r.dismissed = "spam"
		case k%17 == 1:
			// Received at the moment of the one before, in the same state,
			// so that only the number decides between them.
			prev := all[k-1]
			r.received, r.state, r.acknowledged, r.fedback, r.dismissed = prev.received, prev.state, prev.acknowledged, prev.fedback, prev.dismissed
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO reports (org_id, channel_id, number, received_at, source, reporter_kind, anonymous,
			whistleblower, state, acknowledged_at, feedback_at, dismissed, content, created_at, next_due)
			VALUES ($1, $2, $3, $4, 'form', 'employee', true, false, $5, $6, $7, $8, $9, $4, $10) RETURNING id`,
			org.ID, channels[r.channel], r.number, r.received, string(r.state), r.acknowledged, r.fedback, r.dismissed, []byte("x"),
			store.NextDue(r.received, r.acknowledged, r.fedback)).Scan(&r.id)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, r)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	summary := regexp.MustCompile(`(\d+) te laat, (\d+) binnen een week af te handelen, (\d+) in deze lijst`)
	row := regexp.MustCompile(`href="/volgorde/reports/(\d+)">([^<]+)</a>`)
	seen := map[int]bool{} // urgencies met, so the test covers all four
	for _, now := range []time.Time{base, base.AddDate(0, 0, 3).Add(22 * time.Hour), base.AddDate(0, 1, 0).Add(-time.Hour), base.AddDate(0, 4, 0)} {
		e.store.Now = func() time.Time { return now }
		cookie := e.loginHandler(org, "coord") // a session of that day
		for _, filter := range []struct{ state, channel string }{{"open", ""}, {"received", ""}, {"acknowledged", ""}, {"open", "mayor"}, {"acknowledged", "officials"}} {
			var want []listedReport
			overdue, dueSoon := 0, 0
			for _, r := range all {
				open := r.state == domain.StateReceived || r.state == domain.StateAcknowledged
				if !open || r.dismissed != "" || r.channel == "office_holders" ||
					(filter.state != "open" && string(r.state) != filter.state) || (filter.channel != "" && r.channel != filter.channel) {
					continue
				}
				want = append(want, r)
				u, _ := listUrgency(r, now)
				seen[u] = true
				switch u {
				case 0:
					overdue++
				case 1:
					dueSoon++
				}
			}
			slices.SortFunc(want, func(a, b listedReport) int {
				ua, da := listUrgency(a, now)
				ub, db := listUrgency(b, now)
				if c := cmp.Compare(ua, ub); c != 0 {
					return c
				}
				if c := da.Compare(db); ua < 3 && c != 0 {
					return c
				}
				if c := a.received.Compare(b.received); c != 0 {
					return c
				}
				return cmp.Compare(a.number, b.number)
			})
			pages := max(1, (len(want)+99)/100)
			for page := 1; page <= pages+1; page++ {
				path := fmt.Sprintf("/volgorde/reports?state=%s&page=%d", filter.state, page)
				if filter.channel != "" {
					path += "&channel=" + filter.channel
				}
				res := e.get(cookie, path)
				if res.StatusCode != 200 {
					t.Fatalf("%s: %d", path, res.StatusCode)
				}
				m := summary.FindStringSubmatch(res.body)
				if m == nil || m[1] != strconv.Itoa(overdue) || m[2] != strconv.Itoa(dueSoon) || m[3] != strconv.Itoa(len(want)) {
					t.Fatalf("on %s, %s: summary %q, want %d overdue, %d due soon, %d in all", now, path, m, overdue, dueSoon, len(want))
				}
				var got, wantPage []string
				for _, m := range row.FindAllStringSubmatch(res.body, -1) {
					got = append(got, m[2])
				}
				for _, r := range want[min(len(want), (page-1)*100):min(len(want), page*100)] {
					wantPage = append(wantPage, r.number)
				}
				if !slices.Equal(got, wantPage) {
					t.Fatalf("on %s, %s: reports\n%v\nwant\n%v", now, path, got, wantPage)
				}
				next := regexp.MustCompile(`page=` + strconv.Itoa(page+1) + `\b`).MatchString(res.body)
				if next != (page < pages) {
					t.Fatalf("on %s, %s: a link to the next page %v, want %v", now, path, next, page < pages)
				}
			}
		}
	}
	// The closed list, newest first: one channel named by the filter, and
	// the only channel of a coordinator who handles one (which the list
	// names to the database itself).
	e.store.Now = time.Now
	byReceived := slices.Clone(all)
	slices.SortFunc(byReceived, func(a, b listedReport) int {
		if c := b.received.Compare(a.received); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	})
	var closed []string
	for _, r := range byReceived {
		if r.state == domain.StateClosed && r.dismissed == "" && r.channel == "mayor" {
			closed = append(closed, r.number)
		}
	}
	mayor := e.user(org, "griffier", domain.RoleCoordinator)
	e.addHandler(org, "mayor", mayor)
	for _, c := range []struct{ user, path string }{{"coord", "/volgorde/reports?state=closed&channel=mayor"}, {"griffier", "/volgorde/reports?state=closed"}} {
		res := e.get(e.loginHandler(org, c.user), c.path)
		var got []string
		for _, m := range row.FindAllStringSubmatch(res.body, -1) {
			got = append(got, m[2])
		}
		if res.StatusCode != 200 || len(closed) < 5 || !slices.Equal(got, closed) {
			t.Fatalf("%s, %s: %d, reports\n%v\nwant\n%v", c.user, c.path, res.StatusCode, got, closed)
		}
	}
	// A page number past any offset is an empty page, on both engines.
	for _, path := range []string{"/volgorde/reports?page=92233720368547760", "/volgorde/reports?state=closed&page=92233720368547760"} {
		if res := e.get(e.loginHandler(org, "coord"), path); res.StatusCode != 200 || row.MatchString(res.body) {
			t.Fatalf("%s: %d, rows %v", path, res.StatusCode, row.MatchString(res.body))
		}
	}
	if len(seen) != 4 {
		t.Fatalf("urgencies met: %v, want all four", seen)
	}
	if open, _, err := e.store.OpenReportCounts(ctx, org.ID, coord.ID); err != nil || open <= 1000 {
		t.Fatalf("%d open reports (%v): the test needs more than 1,000", open, err)
	}
}

// listUrgency is the list's rule restated: a report's first open deadline
// (the acknowledgement, else the feedback) decides its place: overdue 0,
// due within the week 1, later 2; without an open deadline 3.
func listUrgency(r listedReport, now time.Time) (int, time.Time) {
	var due time.Time
	switch {
	case r.acknowledged == nil:
		due = domain.AcknowledgementDue(r.received)
	case r.fedback == nil:
		due = domain.FeedbackDue(r.received, r.acknowledged)
	default:
		return 3, time.Time{}
	}
	switch domain.StatusOf(due, nil, now) {
	case domain.DeadlineOverdue:
		return 0, due
	case domain.DeadlineDueSoon:
		return 1, due
	}
	return 2, due
}
