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

// ReportDates are what decides an open report's place in the report list:
// its deadlines follow from the dates (domain.AcknowledgementDue,
// FeedbackDue), ties from the number.
type ReportDates struct {
	ID             int64
	Number         string
	ReceivedAt     time.Time
	AcknowledgedAt *time.Time
	FeedbackAt     *time.Time
}

// OpenReportDates returns the dates of the open reports of the channels
// the user handles, narrowed by f.State (received or acknowledged; "" for
// both) and f.Channel, in no particular order and without a limit: the
// report list counts and orders them all by their deadlines and reads the
// full rows of one page only (ReportsByID). Five narrow columns a report,
// where reading the list's 19 of every open report was most of its time
// at 1,000 open reports.
func (s *Store) OpenReportDates(ctx context.Context, orgID, userID int64, f ReportFilter) ([]ReportDates, error) {
	q, args, err := s.openReportDatesQuery(orgID, userID, f)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: open report dates: %w", err)
	}
	defer rows.Close()
	// One set of scan targets for every row, its values copied out, and
	// the two optional times kept in blocks: a row's own targets and
	// times were six allocations of each of the 1,003 rows (the list's
	// garbage, which the slowest requests pay for).
	var (
		d             ReportDates
		ack, feedback storedNullTime
		times         []time.Time
		out           []ReportDates
	)
	dest := []any{&d.ID, &d.Number, storedTime{T: &d.ReceivedAt}, &ack, &feedback}
	keep := func(t storedNullTime) *time.Time {
		if !t.Valid {
			return nil
		}
		if len(times) == cap(times) {
			times = make([]time.Time, 0, 256)
		}
		times = append(times, t.T)
		return &times[len(times)-1]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("store: open report dates: %w", err)
		}
		d.AcknowledgedAt, d.FeedbackAt = keep(ack), keep(feedback)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: open report dates: %w", err)
	}
	return out, nil
}

// openReportDatesQuery is OpenReportDates's statement and its arguments.
func (s *Store) openReportDatesQuery(orgID, userID int64, f ReportFilter) (string, []any, error) {
	// As in ReportsForHandler: the index by channel and state finds the open
	// reports; SQLite's planner would read the organisation's by date. The
	// index holds every column read here (migration 00043), so neither
	// engine reads the table: at 1,003 open reports the table's rows, one
	// B-tree descent each, were a third of this read.
	// The three times are read as stored text (storedTime): the driver's
	// own parsing of 3,000 of them (a layout tried and failed first for
	// each) was about a quarter of this read at 1,000 open reports.
	e := s.engine
	q := `SELECT r.id, r.number, ` + e.timeText("r.received_at") + `, ` + e.timeText("r.acknowledged_at") + `, ` + e.timeText("r.feedback_at") + `
		FROM reports r` + e.indexHint("reports_channel") + `
		WHERE r.org_id = $1 AND r.channel_id IN (SELECT channel_id FROM channel_handlers WHERE user_id = $2)`
	args := []any{orgID, userID}
	switch f.State {
	case "":
		q += openReport
	case domain.StateReceived, domain.StateAcknowledged:
		args = append(args, string(f.State))
		q += ` AND r.state = $` + strconv.Itoa(len(args)) + ` AND r.dismissed = ''`
	default:
		return "", nil, fmt.Errorf("store: open report dates: %q is not an open state", f.State)
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
