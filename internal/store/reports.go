package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
)

// Keyring is what a caller holds to open reports: a handler's unwrapped
// identity, a reporter's mailbox key, or the organisation's recovery
// identity. The store finds the report's data key with it; without a
// matching grant nothing opens.
type Keyring struct {
	UserID      int64
	Identity    string    // a handler's age identity
	Mailbox     *seal.Key // from the receipt code
	OrgIdentity string    // the organisation's recovery identity
}

// Receipt is what CreateReport needs of a receipt code: the lookup value
// stored with the report and the mailbox key (both from seal.ReceiptKeys).
type Receipt struct {
	Lookup  []byte
	Mailbox seal.Key
}

const reportColumns = `r.id, r.org_id, r.channel_id, c.code, r.number, r.received_at, r.source, r.reporter_kind,
	r.anonymous, r.whistleblower, r.state, r.acknowledged_at, r.feedback_at, r.closed_at, r.investigation,
	r.referred_to, r.identity IS NOT NULL, r.notify_email IS NOT NULL, r.dismissed`

func scanReport(row interface{ Scan(...any) error }) (*domain.Report, error) {
	r := &domain.Report{}
	var state string
	err := row.Scan(&r.ID, &r.OrgID, &r.ChannelID, &r.ChannelCode, &r.Number, &r.ReceivedAt, &r.Source, &r.ReporterKind,
		&r.Anonymous, &r.Whistleblower, &state, &r.AcknowledgedAt, &r.FeedbackAt, &r.ClosedAt, &r.Investigation,
		&r.ReferredTo, &r.HasIdentity, &r.HasNotify, &r.Dismissed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.report_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: report: %w", err)
	}
	r.State = domain.ReportState(state)
	return r, nil
}

// CreateReport stores a new report: it numbers it from the database (so any
// number of simultaneous submissions all succeed), seals its content under
// a new data key, and wraps that key for each handler of the channel, for
// the organisation's recovery key and for the reporter's mailbox. It
// returns the report with its number. Files are attached to the report
// itself. Errors: EINVALID.
func (s *Store) CreateReport(ctx context.Context, actor Actor, orgID int64, in domain.NewReport, rc Receipt, files ...File) (*domain.Report, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	ch, err := s.ChannelByCode(ctx, orgID, in.Channel)
	if err != nil {
		return nil, err
	}
	var out *domain.Report
	err = s.inTx(ctx, func(tx *Tx) error {
		received := in.ReceivedAt
		if received.IsZero() {
			received = tx.now
		}
		number, err := tx.nextNumber(ctx, orgID, domain.DateOf(received).Year)
		if err != nil {
			return err
		}
		dek := seal.NewKey()
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO reports (org_id, channel_id, number, received_at, source, reporter_kind,
			anonymous, whistleblower, state, receipt_lookup, content, created_at, next_due)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			orgID, ch.ID, number, received.UTC(), in.Source, in.ReporterKind, in.Anonymous, in.Whistleblower,
			string(domain.StateReceived), rc.Lookup, []byte{}, tx.now, NextDue(received, nil, nil)).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: create report: %w", err)
		}
		if err := tx.sealReportFields(ctx, id, dek, in); err != nil {
			return err
		}
		if err := tx.grantAll(ctx, orgID, ch.ID, id, dek, &rc.Mailbox); err != nil {
			return err
		}
		for _, f := range files {
			if err := tx.addAttachment(ctx, id, 0, dek, true, f); err != nil {
				return err
			}
		}
		if err := tx.event(ctx, actor, id, domain.EventKindReceived, string(in.Source)); err != nil {
			return err
		}
		if err := tx.audit(ctx, actor.In(orgID), "report.create", "report", id, number); err != nil {
			return err
		}
		out, err = tx.report(ctx, orgID, id)
		return err
	})
	return out, err
}

func (tx *Tx) sealReportFields(ctx context.Context, id int64, dek seal.Key, in domain.NewReport) error {
	content, _ := json.Marshal(in.Content)
	var identity, notify []byte
	if !in.Anonymous {
		b, _ := json.Marshal(in.Identity)
		identity = seal.Seal(dek, seal.AAD("reports", "identity", id), b)
	}
	if in.NotifyEmail != "" {
		notify = seal.Seal(dek, seal.AAD("reports", "notify_email", id), []byte(in.NotifyEmail))
	}
	_, err := tx.execRow(ctx, `UPDATE reports SET content = $2, identity = $3, notify_email = $4 WHERE id = $1`,
		id, seal.Seal(dek, seal.AAD("reports", "content", id), content), identity, notify)
	if err != nil {
		return fmt.Errorf("store: seal report: %w", err)
	}
	return nil
}

// grantAll wraps the data key for the channel's handlers, the organisation's
// recovery key and, when given, the mailbox.
func (tx *Tx) grantAll(ctx context.Context, orgID, channelID, reportID int64, dek seal.Key, mailbox *seal.Key) error {
	recipients, err := tx.channelRecipients(ctx, channelID)
	if err != nil {
		return err
	}
	var orgPublic string
	if err := tx.queryOne(ctx, `SELECT recovery_public FROM org_keys WHERE org_id = $1`, orgID).Scan(&orgPublic); err != nil {
		return fmt.Errorf("store: organisation key: %w", err)
	}
	if orgPublic != "" {
		recipients["org"] = orgPublic
	}
	for grantee, pub := range recipients {
		wrapped, err := seal.WrapKey(pub, dek)
		if err != nil {
			return err
		}
		if err := tx.putGrant(ctx, reportID, grantee, pub, wrapped); err != nil {
			return err
		}
	}
	if mailbox != nil {
		return tx.putGrant(ctx, reportID, "mailbox", "", seal.Seal(*mailbox, seal.AAD("report_grants", "mailbox", reportID), dek[:]))
	}
	return nil
}

// putGrant stores (or replaces) the report's data key wrapped for grantee,
// with the public key it was wrapped to (recipient; empty for the mailbox).
// A replaced grant loses the holder's copy of the old key (grantKeys.open).
func (tx *Tx) putGrant(ctx context.Context, reportID int64, grantee, recipient string, wrapped []byte) error {
	_, err := tx.execRow(ctx, `INSERT INTO report_grants (report_id, grantee, wrapped, recipient) VALUES ($1, $2, $3, $4)
		ON CONFLICT (report_id, grantee) DO UPDATE SET wrapped = $3, recipient = $4, key_copy = NULL`, reportID, grantee, wrapped, recipient)
	if err != nil {
		return fmt.Errorf("store: grant: %w", err)
	}
	return nil
}

// nextNumber hands out the organisation's next report number of the year.
// The upsert takes a row lock, so concurrent submissions never get the same.
func (tx *Tx) nextNumber(ctx context.Context, orgID int64, year int) (string, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `INSERT INTO report_numbers (org_id, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (org_id, year) DO UPDATE SET last = report_numbers.last + 1 RETURNING last`, orgID, year).Scan(&n)
	if err != nil {
		return "", fmt.Errorf("store: report number: %w", err)
	}
	return fmt.Sprintf("%d-%04d", year, n), nil
}

// dataKey finds the report's data key with the keyring: its grants read
// in one statement, opened as grantKeys orders them (the user's copy of the
// key first). When the user's age grant had to be unwrapped, the copy is
// stored on it as the transaction commits (storeKeyCopies; each caller's
// transaction writes its audit entry anyway).
func (tx *Tx) dataKey(ctx context.Context, reportID int64, kr Keyring) (seal.Key, error) {
	rows, err := tx.QueryContext(ctx, `SELECT g.grantee, g.wrapped, g.key_copy, r.org_id FROM report_grants g JOIN reports r ON r.id = g.report_id
		WHERE g.report_id = $1 AND g.grantee IN ($2, 'mailbox', 'org')`, reportID, userGrantee(kr.UserID))
	if err != nil {
		return seal.Key{}, fmt.Errorf("store: grant: %w", err)
	}
	grants := map[string]grant{}
	var orgID int64
	for rows.Next() {
		var grantee string
		var g grant
		if err := rows.Scan(&grantee, &g.wrapped, &g.copy, &orgID); err != nil {
			rows.Close()
			return seal.Key{}, fmt.Errorf("store: grant: %w", err)
		}
		grants[grantee] = g
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return seal.Key{}, fmt.Errorf("store: grant: %w", err)
	}
	keys := newGrantKeys(kr)
	if k, fresh, ok := keys.open(orgID, reportID, grants); ok {
		if fresh != nil {
			tx.keyCopies = append(tx.keyCopies, keyCopy{reportID: reportID, grantee: keys.grantee, wrapped: grants[keys.grantee].wrapped, copy: fresh})
		}
		return k, nil
	}
	return seal.Key{}, domain.Errorf(domain.EFORBIDDEN, "err.no_access_key")
}

func (tx *Tx) report(ctx context.Context, orgID, id int64) (*domain.Report, error) {
	return scanReport(tx.QueryRowContext(ctx, `SELECT `+reportColumns+` FROM reports r JOIN channels c ON c.id = r.channel_id
		WHERE r.org_id = $1 AND r.id = $2`, orgID, id))
}

// handlerReport loads a report only when userID handles its channel: for
// anyone else the report does not exist (ENOTFOUND), whatever their role.
func (tx *Tx) handlerReport(ctx context.Context, orgID, userID, id int64) (*domain.Report, error) {
	return scanReport(tx.QueryRowContext(ctx, `SELECT `+reportColumns+` FROM reports r JOIN channels c ON c.id = r.channel_id
		WHERE r.org_id = $1 AND r.id = $2 AND r.channel_id IN (SELECT channel_id FROM channel_handlers WHERE user_id = $3)`,
		orgID, id, userID))
}

// openContent unseals the report's content (and, when withIdentity, its
// identity) with the data key.
func (tx *Tx) openContent(ctx context.Context, r *domain.Report, dek seal.Key, withIdentity bool) error {
	var content, identity []byte
	if err := tx.QueryRowContext(ctx, `SELECT content, identity FROM reports WHERE id = $1`, r.ID).Scan(&content, &identity); err != nil {
		return fmt.Errorf("store: report content: %w", err)
	}
	b, err := seal.Open(dek, seal.AAD("reports", "content", r.ID), content)
	if err != nil {
		return fmt.Errorf("store: report %d content: %w", r.ID, err)
	}
	r.Content = &domain.ReportContent{}
	if err := json.Unmarshal(b, r.Content); err != nil {
		return fmt.Errorf("store: report %d content: %w", r.ID, err)
	}
	if withIdentity && identity != nil {
		b, err := seal.Open(dek, seal.AAD("reports", "identity", r.ID), identity)
		if err != nil {
			return fmt.Errorf("store: report %d identity: %w", r.ID, err)
		}
		r.Identity = &domain.ReporterIdentity{}
		if err := json.Unmarshal(b, r.Identity); err != nil {
			return fmt.Errorf("store: report %d identity: %w", r.ID, err)
		}
	}
	return nil
}

// ReportFilter narrows a handler's report list.
type ReportFilter struct {
	State domain.ReportState // "" = open ones (received and acknowledged)
	// Dismissed lists the reports marked as spam or duplicate, in any
	// state; otherwise they are left out.
	Dismissed bool
	Channel   string
	Newest    bool // newest first (closed reports); else oldest first
	Limit     int
	Offset    int
}

// openReport is ReportsForHandler's condition for an open report: the codes
// written into the text, not bound, so the planners see the same query.
const openReport = ` AND r.state IN ('` + string(domain.StateReceived) + `', '` + string(domain.StateAcknowledged) + `') AND r.dismissed = ''`

// ReportsForHandler lists the reports of the channels the user handles,
// oldest deadline first. It reads no content, so it needs no key.
func (s *Store) ReportsForHandler(ctx context.Context, orgID, userID int64, f ReportFilter) ([]*domain.Report, error) {
	// For the few open reports SQLite's planner would prefer the index by
	// received date, which serves the ORDER BY but reads every report of the
	// organisation: with 100,000 closed ones, the thousand open ones cost
	// 50 ms instead of 8. For the many closed ones, newest first, that index
	// is the right one.
	hint := ""
	if !f.Newest {
		hint = s.engine.indexHint("reports_channel")
	}
	q := `SELECT ` + reportColumns + ` FROM reports r` + hint + ` JOIN channels c ON c.id = r.channel_id
		WHERE r.org_id = $1 AND r.channel_id IN (SELECT channel_id FROM channel_handlers WHERE user_id = $2)`
	args := []any{orgID, userID}
	switch {
	case f.Dismissed:
		q += ` AND r.dismissed <> ''`
	case f.State == "":
		q += openReport
	default:
		args = append(args, string(f.State))
		q += ` AND r.state = $` + strconv.Itoa(len(args)) + ` AND r.dismissed = ''`
	}
	if f.Channel != "" {
		// The channel as one value, not a condition on the joined channels:
		// with the organisation and state beside it PostgreSQL reads a page
		// of the newest in the order of reports_channel and stops there
		// (0.2-2 ms at 3,300 closed reports) instead of sorting all of the
		// channel's (6 ms).
		args = append(args, f.Channel)
		q += ` AND r.channel_id = (SELECT id FROM channels WHERE org_id = $1 AND code = $` + strconv.Itoa(len(args)) + `)`
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	order := ` ORDER BY r.received_at, r.id`
	if f.Newest {
		order = ` ORDER BY r.received_at DESC, r.id DESC`
	}
	q += order + ` LIMIT ` + strconv.Itoa(limit) + ` OFFSET ` + strconv.Itoa(max(f.Offset, 0))
	return queryAll(ctx, s.db, "reports", scanReport, q, args...)
}

// Unkeyed returns which of the reports ids the user holds no key for: a
// handler added to a channel after a report came in, until the custodian
// restores their access with the recovery key. It reads grant names only,
// no key, and says nothing about reports of channels the user does not
// handle beyond what the list already shows.
func (s *Store) Unkeyed(ctx context.Context, userID int64, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{userGrantee(userID)}
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = "$" + strconv.Itoa(i+2)
		out[id] = true
	}
	rows, err := s.db.QueryContext(ctx, `SELECT report_id FROM report_grants WHERE grantee = $1 AND report_id IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unkeyed reports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: unkeyed reports: %w", err)
		}
		delete(out, id)
	}
	return out, rows.Err()
}

// OpenReport returns a report of a channel the handler handles, with its
// content, allegations, measures, conversation and attachment names, and
// audits the read (once). The identity is
// included only when a request of this handler was approved. Errors:
// ENOTFOUND (also for reports of other channels), EFORBIDDEN when the
// handler holds no key for it (added after it came in: see recovery).
func (s *Store) OpenReport(ctx context.Context, actor Actor, orgID, id int64, kr Keyring) (*domain.Report, error) {
	var r *domain.Report
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		if r, err = tx.handlerReport(ctx, orgID, kr.UserID, id); err != nil {
			return err
		}
		dek, err := tx.dataKey(ctx, id, kr)
		if err != nil {
			return err
		}
		approved, err := tx.identityApproved(ctx, id, kr.UserID)
		if err != nil {
			return err
		}
		if err := tx.openContent(ctx, r, dek, approved); err != nil {
			return err
		}
		if err := tx.openSubject(ctx, r, dek); err != nil {
			return err
		}
		if err := tx.loadFindings(ctx, r, dek); err != nil {
			return err
		}
		if r.Messages, err = tx.messages(ctx, id, dek, false); err != nil {
			return err
		}
		if r.Attachments, err = tx.attachments(ctx, id, dek); err != nil {
			return err
		}
		detail := ""
		if approved && r.Identity != nil {
			detail = "with identity"
		}
		return tx.audit(ctx, actor, "report.read", "report", id, detail)
	})
	return r, err
}

func (tx *Tx) loadFindings(ctx context.Context, r *domain.Report, dek seal.Key) error {
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.category, COALESCE(a.own_category_id, 0), COALESCE(oc.label, ''), a.outcome, a.outcome_note, a.stop_reason
		FROM allegations a LEFT JOIN own_categories oc ON oc.id = a.own_category_id WHERE a.report_id = $1 ORDER BY a.id`, r.ID)
	if err != nil {
		return fmt.Errorf("store: allegations: %w", err)
	}
	for rows.Next() {
		a := domain.Allegation{ReportID: r.ID}
		var note []byte
		if err := rows.Scan(&a.ID, &a.Category, &a.OwnCategoryID, &a.OwnLabel, &a.Outcome, &note, &a.StopReason); err != nil {
			rows.Close()
			return fmt.Errorf("store: allegations: %w", err)
		}
		if note != nil {
			b, err := seal.Open(dek, seal.AAD("allegations", "outcome_note", a.ID), note)
			if err != nil {
				rows.Close()
				return fmt.Errorf("store: allegation %d: %w", a.ID, err)
			}
			a.OutcomeNote = string(b)
		}
		r.Allegations = append(r.Allegations, a)
	}
	rows.Close()
	mrows, err := tx.QueryContext(ctx, `SELECT id, kind, note, created_at FROM measures WHERE report_id = $1 ORDER BY id`, r.ID)
	if err != nil {
		return fmt.Errorf("store: measures: %w", err)
	}
	defer mrows.Close()
	for mrows.Next() {
		m := domain.Measure{ReportID: r.ID}
		var note []byte
		if err := mrows.Scan(&m.ID, &m.Kind, &note, &m.At); err != nil {
			return fmt.Errorf("store: measures: %w", err)
		}
		if note != nil {
			b, err := seal.Open(dek, seal.AAD("measures", "note", m.ID), note)
			if err != nil {
				return fmt.Errorf("store: measure %d: %w", m.ID, err)
			}
			m.Note = string(b)
		}
		r.Measures = append(r.Measures, m)
	}
	return mrows.Err()
}

// event records a step in the report's timeline (no content).
func (tx *Tx) event(ctx context.Context, actor Actor, reportID int64, kind domain.EventKind, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO report_events (report_id, at, actor_id, actor, kind, detail)
		VALUES ($1, $2, $3, $4, $5, $6)`, reportID, tx.now, actor.UserID, actor.Name, kind, detail)
	if err != nil {
		return fmt.Errorf("store: report event: %w", err)
	}
	return nil
}

// Event is one step of a report's timeline.
type Event struct {
	At     time.Time
	Actor  string
	Kind   domain.EventKind
	Detail string
}

// Timeline returns the report's events, oldest first, for a handler of its
// channel.
func (s *Store) Timeline(ctx context.Context, orgID, userID, reportID int64) ([]Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT e.at, e.actor, e.kind, e.detail FROM report_events e
		JOIN reports r ON r.id = e.report_id
		WHERE r.org_id = $1 AND e.report_id = $2 AND r.channel_id IN (SELECT channel_id FROM channel_handlers WHERE user_id = $3)
		ORDER BY e.id`, orgID, reportID, userID)
	if err != nil {
		return nil, fmt.Errorf("store: timeline: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.At, &e.Actor, &e.Kind, &e.Detail); err != nil {
			return nil, fmt.Errorf("store: timeline: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
