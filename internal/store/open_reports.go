package store

import (
	"context"
	"fmt"
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
