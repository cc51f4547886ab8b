package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// The dashboard's view of a coordinator's open reports: how many there are,
// counted by the database, and only the reports that may need them now,
// instead of every open report (at 1,000 open reports in an organisation of
// 100,000 that read was most of the dashboard's time on SQLite).

// handlerOpenReports selects the open reports of the channels user $2
// handles in organisation $1, as ReportsForHandler does for State "".
const handlerOpenReports = ` FROM reports r WHERE r.org_id = $1
	AND r.channel_id IN (SELECT channel_id FROM channel_handlers WHERE user_id = $2)` + openReport

// OpenReportCounts returns the number of open reports of the channels the
// user handles and how many of them still wait for their acknowledgement.
func (s *Store) OpenReportCounts(ctx context.Context, orgID, userID int64) (open, unconfirmed int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(CASE WHEN r.state = '`+string(domain.StateReceived)+`' THEN 1 ELSE 0 END), 0)`+
		handlerOpenReports, orgID, userID).Scan(&open, &unconfirmed)
	if err != nil {
		return 0, 0, fmt.Errorf("store: open report counts: %w", err)
	}
	return open, unconfirmed, nil
}

// feedbackUrgentDays is how long after its acknowledgement a report's
// feedback can first be overdue or due within the week: three months are at
// least 89 days (30 November to 28 February), less the DueSoonDays, less a
// day for the difference between Amsterdam's date and UTC.
const feedbackUrgentDays = 89 - domain.DueSoonDays - 1

// UrgentCandidates returns the open reports of the channels the user handles
// whose next deadline may be overdue or due within the week at now: every
// report not yet acknowledged, and those acknowledged without feedback long
// enough ago. It is a superset; the caller decides with the deadlines'
// rules (domain.StatusOf) which of them are urgent. At most 1000, oldest
// first.
func (s *Store) UrgentCandidates(ctx context.Context, orgID, userID int64, now time.Time) ([]*domain.Report, error) {
	acknowledgedBefore := now.AddDate(0, 0, -feedbackUrgentDays).UTC()
	// As in ReportsForHandler: SQLite would otherwise read the organisation's
	// reports by received date for the ORDER BY (73 ms at 100,000).
	hint := s.engine.indexHint("reports_channel")
	return queryAll(ctx, s.db, "reports", scanReport, `SELECT `+reportColumns+` FROM reports r`+hint+` JOIN channels c ON c.id = r.channel_id
		WHERE r.org_id = $1 AND r.channel_id IN (SELECT channel_id FROM channel_handlers WHERE user_id = $2)`+openReport+`
		AND (r.acknowledged_at IS NULL OR (r.feedback_at IS NULL AND r.acknowledged_at < $3))
		ORDER BY r.received_at, r.id LIMIT 1000`, orgID, userID, acknowledgedBefore)
}

// noDeadlineOpen is reports.next_due of a report whose deadlines have all
// been met (feedback given): the last day the column can hold, so that
// these reports follow every report with an open deadline in the list's
// order, as compareOrder in internal/web puts them, on both engines (SQLite
// would put a NULL first).
var noDeadlineOpen = time.Date(9999, time.December, 31, 0, 0, 0, 0, time.UTC)

// NextDue is what reports.next_due holds for a report with these dates:
// the day its first open deadline falls due (domain.NextDue), stored as a
// date is (midnight UTC of the day in Amsterdam), or noDeadlineOpen. It
// follows from the dates alone, so every write of them writes it too:
// CreateReport, Acknowledge, the first feedback (AddMessage), the import
// (insert and re-import) and the generator; MendNextDue sets right what a
// server of an older version left. A closed report keeps the value it had
// (NULL if it was closed before migration 00046): nothing reads it once
// the report is closed, and a report is not reopened. Exported for tests
// that write reports' rows themselves.
func NextDue(received time.Time, acknowledged, feedback *time.Time) time.Time {
	due, open := domain.NextDue(received, acknowledged, feedback)
	if !open {
		return noDeadlineOpen
	}
	return domain.DateOf(due).UTCMidnight()
}

// OpenReportPage is one page of the report list's open reports and the
// counts over all of them.
type OpenReportPage struct {
	IDs     []int64 // the page's reports, most urgent first
	Total   int     // the open reports the filter selects, over all pages
	Overdue int     // of them, those whose first open deadline has passed
	DueSoon int     // and those whose first open deadline is within domain.DueSoonDays
}

// OpenReports returns the page of limit reports from offset of the open
// reports of the channels the user handles, narrowed by f.State (received
// or acknowledged; "" for both) and f.Channel, in the order of the report
// list: by the due day of the first open deadline (reports.next_due; the
// overdue come first, then those due soon, then the rest, then those whose
// deadlines were met), then when they came in, then by number, as
// compareOrder in internal/web orders rows. The counts are those of the
// deadlines' statuses at now (domain.StatusOf).
//
// The database orders and counts them in the index reports_open_due,
// which holds the open reports only: at 1,003 open reports reading the
// dates of each and ordering them in Go was a third of the list's time on
// SQLite.
func (s *Store) OpenReports(ctx context.Context, orgID, userID int64, f ReportFilter, now time.Time, offset, limit int) (OpenReportPage, error) {
	var page OpenReportPage
	q, err := s.openReportsQueries(orgID, userID, f, now, offset, limit)
	if err != nil {
		return page, err
	}
	if err := s.db.QueryRowContext(ctx, q.count, q.countArgs...).Scan(&page.Total, &page.Overdue, &page.DueSoon); err != nil {
		return page, fmt.Errorf("store: open report counts: %w", err)
	}
	if page.Total <= offset {
		return page, nil
	}
	rows, err := s.db.QueryContext(ctx, q.page, q.pageArgs...)
	if err != nil {
		return page, fmt.Errorf("store: open reports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return page, fmt.Errorf("store: open reports: %w", err)
		}
		page.IDs = append(page.IDs, id)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("store: open reports: %w", err)
	}
	return page, nil
}

// openReportsQueries are OpenReports's two statements and their arguments.
type openReportsQueries struct {
	count, page         string
	countArgs, pageArgs []any
}

func (s *Store) openReportsQueries(orgID, userID int64, f ReportFilter, now time.Time, offset, limit int) (openReportsQueries, error) {
	where, args, err := s.openReportsWhere(orgID, userID, f)
	if err != nil {
		return openReportsQueries{}, err
	}
	today := domain.Today(now).UTCMidnight()
	soon := today.AddDate(0, 0, domain.DueSoonDays)
	next, after := "$"+strconv.Itoa(len(args)+1), "$"+strconv.Itoa(len(args)+2)
	// On SQLite the day is compared as the text it is stored as: compared
	// as the column (NUMERIC affinity, a TIMESTAMP), each of the 1,003 days
	// and the bound day were first tried as numbers, a twentieth of the
	// list's time.
	due := s.engine.timeText("r.next_due")
	return openReportsQueries{
		count: `SELECT count(*), coalesce(sum(CASE WHEN ` + due + ` < ` + next + ` THEN 1 ELSE 0 END), 0),
			coalesce(sum(CASE WHEN ` + due + ` >= ` + next + ` AND ` + due + ` < ` + after + ` THEN 1 ELSE 0 END), 0)` + where,
		countArgs: append(args[:len(args):len(args)], today, soon),
		page: `SELECT r.id` + where + `
			ORDER BY r.next_due, r.received_at, ` + s.engine.byteOrder("r.number") + ` LIMIT ` + next + ` OFFSET ` + after,
		pageArgs: append(args[:len(args):len(args)], limit, offset),
	}, nil
}

// openReportsWhere is the FROM and WHERE of OpenReports's two statements
// and their arguments. The open reports' terms are written as the partial
// index reports_open_due states them, which is what lets either engine use
// it; SQLite is told to (its planner would read the organisation's reports
// by date, as in ReportsForHandler).
func (s *Store) openReportsWhere(orgID, userID int64, f ReportFilter) (string, []any, error) {
	q := ` FROM reports r` + s.engine.indexHint("reports_open_due") + `
		WHERE r.org_id = $1 AND r.channel_id IN (SELECT channel_id FROM channel_handlers WHERE user_id = $2)` + openReport
	args := []any{orgID, userID}
	switch f.State {
	case "":
	case domain.StateReceived, domain.StateAcknowledged:
		args = append(args, string(f.State))
		q += ` AND r.state = $` + strconv.Itoa(len(args))
	default:
		return "", nil, fmt.Errorf("store: open reports: %q is not an open state", f.State)
	}
	if f.Channel != "" {
		args = append(args, f.Channel)
		q += ` AND r.channel_id IN (SELECT id FROM channels WHERE org_id = $1 AND code = $` + strconv.Itoa(len(args)) + `)`
	}
	return q, args, nil
}

// reportsByIDQuery is ReportsByID's statement for ids, with the
// organisation as $1 and the user as $2. The handler's channels are
// checked for each report found by its key, in a subquery that names the
// report's channel: as a join PostgreSQL started from the user's channel
// and read every report of it through reports_channel (3,333 in an
// organisation of the 1,000,000, 2 ms of a 33-row page; it estimates one
// row for an organisation's channel), where the page's ids by the primary
// key take 0.2 ms. SQLite reads by rowid either way (keyHint).
func (s *Store) reportsByIDQuery(ids []int64) string {
	return `SELECT ` + reportColumns + ` FROM reports r` + s.engine.keyHint() + `
		JOIN channels c ON c.id = r.channel_id
		WHERE r.org_id = $1 AND r.id IN ` + idList(ids) + `
		AND r.channel_id IN (SELECT h.channel_id FROM channel_handlers h WHERE h.user_id = $2 AND h.channel_id = r.channel_id)`
}

// ReportsByID returns the reports ids of the channels the user handles, in
// the order of ids; an id of another channel or organisation, or of a
// report gone since, is left out. It reads no content, so it needs no key.
func (s *Store) ReportsByID(ctx context.Context, orgID, userID int64, ids []int64) ([]*domain.Report, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := queryAll(ctx, s.db, "reports", scanReport, s.reportsByIDQuery(ids), orgID, userID)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*domain.Report, len(list))
	for _, r := range list {
		byID[r.ID] = r
	}
	out := make([]*domain.Report, 0, len(list))
	for _, id := range ids {
		if r := byID[id]; r != nil {
			out = append(out, r)
		}
	}
	return out, nil
}
