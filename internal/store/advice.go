package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
)

// Advice requests (adviesvragen) belong to the coordinators: the web lets
// only the coordinator role reach these methods, and every method keeps to
// the organisation it is given. The summary is sealed under a data key per
// request, wrapped for every coordinator with a key pair and for the
// organisation's recovery key (record_grants, kind "advice_requests").

const adviceKind = "advice_requests"

// AdviceFilter narrows the list of advice requests.
type AdviceFilter struct {
	Year  int    // by the day of receipt in Amsterdam; 0 = every year
	Topic string // "" = every topic
	State string // "answered", "open" or "" for both
	Sort  string // "date" (newest first, the default), "date_asc", or "topic" (in the order of domain.AdviceTopics, then newest first)
}

// AdviceStates are the values of AdviceFilter.State besides "".
var AdviceStates = []string{"open", "answered"}

// AdviceSorts are the values of AdviceFilter.Sort.
var AdviceSorts = []string{"date", "date_asc", "topic"}

const adviceColumns = `id, org_id, received_on, topic, requester, answered_on, summary IS NOT NULL, created_at, updated_at`

func scanAdvice(row interface{ Scan(...any) error }) (*domain.AdviceRequest, error) {
	a := &domain.AdviceRequest{}
	err := row.Scan(&a.ID, &a.OrgID, &a.ReceivedOn, &a.Topic, &a.Requester, &a.AnsweredOn, &a.HasSummary, &a.CreatedAt, &a.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "advice.err_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: advice request: %w", err)
	}
	a.Normalise()
	return a, nil
}

// recYearRange returns the first moment of year and of the next, in
// Amsterdam, as UTC: the bounds of a year's records in a query.
func recYearRange(year int) (from, to time.Time) {
	from, to = domain.YearBounds(year)
	return from.UTC(), to.UTC()
}

// AdviceRequests lists the organisation's advice requests narrowed by the
// filter, without summaries. Callers: coordinators. Errors: only internal.
func (s *Store) AdviceRequests(ctx context.Context, orgID int64, f AdviceFilter) ([]*domain.AdviceRequest, error) {
	q := `SELECT ` + adviceColumns + ` FROM advice_requests WHERE org_id = $1`
	args := []any{orgID}
	add := func(cond string, v any) {
		args = append(args, v)
		q += " AND " + strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args)))
	}
	if f.Year != 0 {
		from, to := recYearRange(f.Year)
		add("received_on >= ?", from)
		add("received_on < ?", to)
	}
	if f.Topic != "" {
		add("topic = ?", f.Topic)
	}
	switch f.State {
	case "answered":
		q += " AND answered_on IS NOT NULL"
	case "open":
		q += " AND answered_on IS NULL"
	}
	if f.Sort == "date_asc" {
		q += " ORDER BY received_on, id"
	} else {
		q += " ORDER BY received_on DESC, id DESC"
	}
	out, err := queryAll(ctx, s.db, "advice requests", scanAdvice, q, args...)
	if err != nil {
		return nil, err
	}
	if f.Sort == "topic" {
		sortByCodeOrder(out, domain.AdviceTopics, func(a *domain.AdviceRequest) domain.AdviceTopic { return a.Topic })
	}
	return out, nil
}

// AdviceRequest returns one advice request of the organisation without its
// summary (HasSummary tells whether it has one). Callers: coordinators.
// Errors: ENOTFOUND, also for another organisation's request.
func (s *Store) AdviceRequest(ctx context.Context, orgID, id int64) (*domain.AdviceRequest, error) {
	return scanAdvice(s.db.QueryRowContext(ctx, `SELECT `+adviceColumns+` FROM advice_requests WHERE org_id = $1 AND id = $2`, orgID, id))
}

// OpenAdviceRequest returns one advice request with its summary opened with
// the keyring, and audits the read when there is a summary. Callers:
// coordinators. Errors: ENOTFOUND; EFORBIDDEN (err.no_access_key) when the
// keyring opens no grant of the request, e.g. for a coordinator who had no
// key pair yet when the summary was saved.
func (s *Store) OpenAdviceRequest(ctx context.Context, actor Actor, orgID, id int64, kr Keyring) (*domain.AdviceRequest, error) {
	var a *domain.AdviceRequest
	err := s.inTx(ctx, func(tx *Tx) error {
		var sealed []byte
		row := tx.QueryRowContext(ctx, `SELECT `+adviceColumns+`, summary FROM advice_requests WHERE org_id = $1 AND id = $2`, orgID, id)
		var err error
		a, err = scanAdvice(adviceWithSummary{row, &sealed})
		if err != nil {
			return err
		}
		if !a.HasSummary {
			return nil
		}
		dek, err := tx.recordKey(ctx, adviceKind, id, kr)
		if err != nil {
			return err
		}
		if a.Summary, err = openText(dek, adviceKind, "summary", id, sealed); err != nil {
			return err
		}
		return tx.audit(ctx, actor.In(orgID), "advice.read_summary", "advice_request", id, "")
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// adviceWithSummary scans a row whose last column goes to extra, after the columns
// scanAdvice reads.
type adviceWithSummary struct {
	row   interface{ Scan(...any) error }
	extra any
}

func (s adviceWithSummary) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra)...) }

// CreateAdviceRequest stores a new advice request and sets a.ID. A summary
// is sealed for the organisation's coordinators that have a key pair and
// for its recovery key. Callers: coordinators, and the import (actor CLI).
// Errors: EINVALID naming the field; for a summary, EINVALID on "summary"
// (advice.err_no_recipients) when nobody could open it.
func (s *Store) CreateAdviceRequest(ctx context.Context, actor Actor, orgID int64, a *domain.AdviceRequest) error {
	if err := a.Validate(s.now()); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO advice_requests (org_id, received_on, topic, requester, answered_on, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
			orgID, a.ReceivedOn.UTC(), a.Topic, a.Requester, recStoredDay(a.AnsweredOn), tx.now).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("store: create advice request: %w", err)
		}
		a.OrgID, a.CreatedAt, a.UpdatedAt = orgID, tx.now, tx.now
		if err := tx.sealAdviceSummary(ctx, orgID, a.ID, a.Summary); err != nil {
			return err
		}
		a.HasSummary = a.Summary != ""
		return tx.audit(ctx, actor.In(orgID), "advice.create", "advice_request", a.ID, string(a.Topic))
	})
}

// UpdateAdviceRequest changes an advice request. With keepSummary the
// sealed summary stays as it is (for an editor who could not read it);
// otherwise a.Summary replaces it, and "" removes it. A new summary gets a
// new data key, wrapped for the coordinators of now. Callers: coordinators.
// Errors: ENOTFOUND; EINVALID naming the field.
func (s *Store) UpdateAdviceRequest(ctx context.Context, actor Actor, orgID int64, a *domain.AdviceRequest, keepSummary bool) error {
	if err := a.Validate(s.now()); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		old, err := scanAdvice(tx.QueryRowContext(ctx, `SELECT `+adviceColumns+` FROM advice_requests WHERE org_id = $1 AND id = $2`, orgID, a.ID))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE advice_requests SET received_on = $3, topic = $4, requester = $5, answered_on = $6, updated_at = $7
			WHERE org_id = $1 AND id = $2`, orgID, a.ID, a.ReceivedOn.UTC(), a.Topic, a.Requester, recStoredDay(a.AnsweredOn), tx.now); err != nil {
			return fmt.Errorf("store: update advice request: %w", err)
		}
		var changed []string
		if !old.ReceivedOn.Equal(a.ReceivedOn) {
			changed = append(changed, "received_on")
		}
		if old.Topic != a.Topic {
			changed = append(changed, "topic")
		}
		if old.Requester != a.Requester {
			changed = append(changed, "requester")
		}
		if !recSameDay(old.AnsweredOn, a.AnsweredOn) {
			changed = append(changed, "answered_on")
		}
		a.OrgID, a.CreatedAt, a.UpdatedAt = orgID, old.CreatedAt, tx.now
		a.HasSummary = old.HasSummary
		if !keepSummary {
			if err := tx.sealAdviceSummary(ctx, orgID, a.ID, a.Summary); err != nil {
				return err
			}
			if a.Summary != "" || old.HasSummary {
				changed = append(changed, "summary")
			}
			a.HasSummary = a.Summary != ""
		}
		return tx.audit(ctx, actor.In(orgID), "advice.update", "advice_request", a.ID, strings.Join(changed, ","))
	})
}

// sealAdviceSummary replaces the summary of request id: the old grants go,
// and a non-empty text is sealed under a new data key for the coordinators
// with a key pair and the recovery key.
func (tx *Tx) sealAdviceSummary(ctx context.Context, orgID, id int64, text string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM record_grants WHERE kind = $1 AND record_id = $2`, adviceKind, id); err != nil {
		return fmt.Errorf("store: advice grants: %w", err)
	}
	var sealed []byte
	if text != "" {
		recipients, err := tx.roleRecipients(ctx, orgID, domain.RoleCoordinator)
		if err != nil {
			return err
		}
		if len(recipients) == 0 {
			return domain.FieldError("summary", "advice.err_no_recipients")
		}
		var dek seal.Key
		if dek, err = tx.newRecordKey(ctx, adviceKind, id, recipients); err != nil {
			return err
		}
		sealed = sealText(dek, adviceKind, "summary", id, text)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE advice_requests SET summary = $2 WHERE id = $1`, id, sealed); err != nil {
		return fmt.Errorf("store: advice summary: %w", err)
	}
	return nil
}

// DeleteAdviceRequest removes an advice request with its summary and key
// grants. Callers: coordinators. Errors: ENOTFOUND.
func (s *Store) DeleteAdviceRequest(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.inTx(ctx, func(tx *Tx) error {
		a, err := scanAdvice(tx.QueryRowContext(ctx, `SELECT `+adviceColumns+` FROM advice_requests WHERE org_id = $1 AND id = $2`, orgID, id))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM record_grants WHERE kind = $1 AND record_id = $2`, adviceKind, id); err != nil {
			return fmt.Errorf("store: delete advice grants: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM advice_requests WHERE org_id = $1 AND id = $2`, orgID, id); err != nil {
			return fmt.Errorf("store: delete advice request: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "advice.delete", "advice_request", id, string(a.Topic))
	})
}

// AdviceCounts returns the figures of the organisation's advice requests
// received in year (in Amsterdam), every topic and requester code present.
// Callers: coordinators and the annual report. Errors: only internal.
func (s *Store) AdviceCounts(ctx context.Context, orgID int64, year int) (domain.AdviceCounts, error) {
	list, err := s.AdviceRequests(ctx, orgID, AdviceFilter{Year: year})
	if err != nil {
		return domain.AdviceCounts{}, err
	}
	from, to := recYearRange(year)
	kept, err := s.retainedAdvice(ctx, orgID, from, to) // destroyed requests still count
	if err != nil {
		return domain.AdviceCounts{}, err
	}
	list = append(list, kept...)
	c := domain.NewAdviceCounts(year)
	for _, a := range list {
		c.Add(a)
	}
	return c, nil
}

// AdviceCountsByYear returns AdviceCounts for every year that has advice
// requests, newest first. Callers: coordinators. Errors: only internal.
func (s *Store) AdviceCountsByYear(ctx context.Context, orgID int64) ([]domain.AdviceCounts, error) {
	list, err := s.AdviceRequests(ctx, orgID, AdviceFilter{})
	if err != nil {
		return nil, err
	}
	kept, err := s.retainedAdvice(ctx, orgID, time.Time{}, time.Time{}) // destroyed requests still count
	if err != nil {
		return nil, err
	}
	list = append(list, kept...)
	out := countsByYear(list, func(x *domain.AdviceRequest) int { return x.ReceivedOn.Year() }, domain.NewAdviceCounts, (*domain.AdviceCounts).Add)
	return out, nil
}

// recStoredDay returns the day as UTC for storage, or nil.
func recStoredDay(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func recSameDay(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

// AdviceTotalsByYear counts the organisation's advice requests per year,
// destroyed ones by their kept facts: the totals of AdviceCountsByYear (the
// year of the day in Amsterdam, as there) from that one column, so the
// indexes on (org_id, received_on) answer it without reading the requests
// (the annual report's trend needs only the totals). Errors: only
// internal.
func (s *Store) AdviceTotalsByYear(ctx context.Context, orgID int64) (map[int]int, error) {
	out := map[int]int{}
	if err := yearTotals(ctx, s.db, "advice totals", `SELECT `+s.engine.timeText("received_on")+` FROM advice_requests WHERE org_id = $1`, orgID, out); err != nil {
		return nil, err
	}
	if err := yearTotals(ctx, s.db, "advice totals", `SELECT `+s.engine.timeText("received_on")+` FROM retained_advice_facts WHERE org_id = $1`, orgID, out); err != nil {
		return nil, err
	}
	return out, nil
}
