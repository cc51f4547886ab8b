package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// Retention: the destruction list (records whose term under the
// Selectielijst 2020 has run out), the destruction of approved entries in
// one transaction, and the destructions carried out. A destroyed record
// leaves only its reference (destruction_entries) and the clear columns the
// annual report counts (retained_*_facts), so an earlier year's report
// gives the same figures after destruction as before.

// DestructionList returns the organisation's records whose term has run
// out by today, oldest expiry first: closed reports that are no
// whistleblower's report (10 years after closing), advice requests (5
// years after the answer, or after receipt while unanswered), activities
// (5 years after the day held) and the onboarding records of people who
// left (10 years after employment ended). Callers: the controller. Errors:
// only internal.
func (s *Store) DestructionList(ctx context.Context, orgID int64) ([]domain.DestructionCandidate, error) {
	var out []domain.DestructionCandidate
	err := s.inTx(ctx, func(tx *Tx) (err error) {
		out, err = tx.destructionList(ctx, orgID)
		return err
	})
	return out, err
}

func (tx *Tx) destructionList(ctx context.Context, orgID int64) ([]domain.DestructionCandidate, error) {
	today := domain.Today(tx.now).UTCMidnight()
	var out []domain.DestructionCandidate
	due := func(kind domain.RetentionKind, id int64, ref string, start time.Time) {
		t := domain.TermOf(kind)
		if !t.Proposed || t.Permanent() {
			return
		}
		if exp := t.Expires(start); !exp.After(today) {
			out = append(out, domain.DestructionCandidate{Kind: kind, ID: id, Ref: ref, Start: domain.Day(start), Expired: exp})
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, number, closed_at FROM reports
		WHERE org_id = $1 AND closed_at IS NOT NULL AND NOT whistleblower`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: destruction list: %w", err)
	}
	for rows.Next() {
		var id int64
		var number string
		var closed time.Time
		if err := rows.Scan(&id, &number, &closed); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: destruction list: %w", err)
		}
		due(domain.RetainReport, id, number, closed)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	arows, err := tx.QueryContext(ctx, `SELECT id, received_on, answered_on FROM advice_requests WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: destruction list: %w", err)
	}
	for arows.Next() {
		var id int64
		var received time.Time
		var answered *time.Time
		if err := arows.Scan(&id, &received, &answered); err != nil {
			arows.Close()
			return nil, fmt.Errorf("store: destruction list: %w", err)
		}
		start := received
		if answered != nil {
			start = *answered
		}
		due(domain.RetainAdviceRequest, id, fmt.Sprintf("AV-%d", id), start) // the id the audit log names it by
	}
	arows.Close()
	if err := arows.Err(); err != nil {
		return nil, err
	}
	if err := tx.dueActivitiesAndPeople(ctx, orgID, due); err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b domain.DestructionCandidate) int {
		if c := a.Expired.Compare(b.Expired); c != 0 {
			return c
		}
		return strings.Compare(a.Key(), b.Key())
	})
	return out, nil
}

// Destroy destroys the approved entries of the destruction list in one
// transaction: each must still be on the list (else EINVALID at
// "entries"); a report goes with its allegations, measures, messages,
// attachments and sealed content, an advice request with its sealed
// summary and key grants, an activity with its materials, a person's
// onboarding record with HR's marks (see destroyOnboarding). The clear facts the annual report counts are
// kept, the destruction and its references recorded, and one audit entry
// names the counts and references. Callers: the controller. Errors:
// EINVALID.
func (s *Store) Destroy(ctx context.Context, actor Actor, orgID int64, approverName string, a domain.DestructionApproval) (*domain.Destruction, error) {
	if errs := a.Check(); len(errs) > 0 {
		return nil, errs[0]
	}
	var d *domain.Destruction
	err := s.inTx(ctx, func(tx *Tx) error {
		list, err := tx.destructionList(ctx, orgID)
		if err != nil {
			return err
		}
		byKey := map[string]domain.DestructionCandidate{}
		for _, c := range list {
			byKey[c.Key()] = c
		}
		d = &domain.Destruction{OrgID: orgID, ApprovedBy: approverName, Authority: a.Authority, At: tx.now}
		var chosen []domain.DestructionCandidate
		seen := map[string]bool{}
		for _, k := range a.Keys {
			c, ok := byKey[k]
			if !ok {
				return domain.FieldError("entries", "err.destruction_not_due")
			}
			if !seen[k] { // a key twice counts once
				seen[k] = true
				chosen = append(chosen, c)
				d.Entries = append(d.Entries, domain.DestructionEntry{Kind: c.Kind, Ref: c.Ref, Start: c.Start, Expired: c.Expired})
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO destructions (org_id, approved_by, authority, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			orgID, approverName, a.Authority, tx.now).Scan(&d.ID); err != nil {
			return fmt.Errorf("store: destruction: %w", err)
		}
		return tx.destroyEntries(ctx, actor, orgID, d, chosen)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// destroyEntries removes each approved record, keeps its facts, records
// the entry, and writes the one audit entry.
func (tx *Tx) destroyEntries(ctx context.Context, actor Actor, orgID int64, d *domain.Destruction, chosen []domain.DestructionCandidate) error {
	var refs []string
	for pos, c := range chosen {
		var err error
		switch c.Kind {
		case domain.RetainReport:
			err = tx.destroyReport(ctx, orgID, d.ID, c.ID)
		case domain.RetainAdviceRequest:
			err = tx.destroyAdvice(ctx, orgID, d.ID, c.ID)
		case domain.RetainActivity:
			err = tx.destroyActivity(ctx, orgID, d.ID, c.ID)
		case domain.RetainOnboarding:
			err = tx.destroyOnboarding(ctx, orgID, d.ID, c.ID)
		default:
			err = fmt.Errorf("store: no destruction for %s", c.Kind)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO destruction_entries (destruction_id, position, kind, ref, start_on, expired_on)
			VALUES ($1, $2, $3, $4, $5, $6)`, d.ID, pos, c.Kind, c.Ref, c.Start.UTC(), c.Expired.UTC()); err != nil {
			return fmt.Errorf("store: destruction entry: %w", err)
		}
		refs = append(refs, string(c.Kind)+" "+c.Ref)
	}
	counts := d.Counts()
	detail := fmt.Sprintf("reports=%d advice_requests=%d activities=%d people=%d authority=%q destroyed=%s", counts[domain.RetainReport],
		counts[domain.RetainAdviceRequest], counts[domain.RetainActivity], counts[domain.RetainOnboarding], d.Authority, strings.Join(refs, "; "))
	return tx.audit(ctx, actor.In(orgID), "retention.destroy", "destruction", d.ID, detail)
}

// destroyReport keeps the report's countable facts and deletes it; the
// foreign keys remove its grants, allegations, measures, messages,
// attachments, events and the rest with it.
func (tx *Tx) destroyReport(ctx context.Context, orgID, destructionID, id int64) error {
	f, dismissed, err := tx.reportFact(ctx, orgID, id)
	if err != nil {
		return err
	}
	b, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("store: retained fact: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO retained_report_facts (org_id, destruction_id, received_at, dismissed, fact)
		VALUES ($1, $2, $3, $4, $5)`, orgID, destructionID, f.ReceivedAt.UTC(), dismissed, string(b)); err != nil {
		return fmt.Errorf("store: retained fact: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM reports WHERE org_id = $1 AND id = $2`, orgID, id); err != nil {
		return fmt.Errorf("store: destroy report %d: %w", id, err)
	}
	return nil
}

// reportFact reads one report's countable facts, as liveReportFacts does
// (every column it reads, so that the kept fact counts the same).
func (tx *Tx) reportFact(ctx context.Context, orgID, id int64) (*ReportFact, bool, error) {
	f := &ReportFact{}
	var state, dismissed string
	err := tx.QueryRowContext(ctx, `SELECT r.id, c.code, r.received_at, r.source, r.reporter_kind, r.anonymous,
		r.whistleblower, r.state, r.acknowledged_at, r.feedback_at, r.closed_at, r.investigation, r.referred_to, r.dismissed
		FROM reports r JOIN channels c ON c.id = r.channel_id WHERE r.org_id = $1 AND r.id = $2`, orgID, id).
		Scan(&f.ID, &f.Channel, &f.ReceivedAt, &f.Source, &f.ReporterKind, &f.Anonymous, &f.Whistleblower,
			&state, &f.AcknowledgedAt, &f.FeedbackAt, &f.ClosedAt, &f.Investigation, &f.ReferredTo, &dismissed)
	if err != nil {
		return nil, false, fmt.Errorf("store: report fact %d: %w", id, err)
	}
	f.State = domain.ReportState(state)
	rows, err := tx.QueryContext(ctx, `SELECT a.category, COALESCE(oc.label, ''), a.outcome, a.stop_reason
		FROM allegations a LEFT JOIN own_categories oc ON oc.id = a.own_category_id WHERE a.report_id = $1 ORDER BY a.id`, id)
	if err != nil {
		return nil, false, fmt.Errorf("store: report fact %d: %w", id, err)
	}
	for rows.Next() {
		var a AllegationFact
		if err := rows.Scan(&a.Category, &a.OwnLabel, &a.Outcome, &a.StopReason); err != nil {
			rows.Close()
			return nil, false, fmt.Errorf("store: report fact %d: %w", id, err)
		}
		f.Allegations = append(f.Allegations, a)
	}
	rows.Close()
	mrows, err := tx.QueryContext(ctx, `SELECT kind FROM measures WHERE report_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, false, fmt.Errorf("store: report fact %d: %w", id, err)
	}
	defer mrows.Close()
	for mrows.Next() {
		var kind string
		if err := mrows.Scan(&kind); err != nil {
			return nil, false, fmt.Errorf("store: report fact %d: %w", id, err)
		}
		f.Measures = append(f.Measures, kind)
	}
	return f, dismissed != "", mrows.Err()
}

// destroyAdvice keeps the request's countable facts and deletes it with
// the grants of its sealed summary's key.
func (tx *Tx) destroyAdvice(ctx context.Context, orgID, destructionID, id int64) error {
	a, err := scanAdvice(tx.QueryRowContext(ctx, `SELECT `+adviceColumns+` FROM advice_requests WHERE org_id = $1 AND id = $2`, orgID, id))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO retained_advice_facts (org_id, destruction_id, received_on, topic, requester, answered)
		VALUES ($1, $2, $3, $4, $5, $6)`, orgID, destructionID, a.ReceivedOn.UTC(), a.Topic, a.Requester, a.Answered()); err != nil {
		return fmt.Errorf("store: retained advice fact: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM record_grants WHERE kind = $1 AND record_id = $2`, adviceKind, id); err != nil {
		return fmt.Errorf("store: destroy advice grants: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM advice_requests WHERE org_id = $1 AND id = $2`, orgID, id); err != nil {
		return fmt.Errorf("store: destroy advice request %d: %w", id, err)
	}
	return nil
}

// Destructions lists the organisation's destructions, newest first, with
// their entries.
func (s *Store) Destructions(ctx context.Context, orgID int64) ([]*domain.Destruction, error) {
	list, err := queryAll(ctx, s.db, "destructions", scanDestruction,
		`SELECT id, org_id, approved_by, authority, created_at FROM destructions WHERE org_id = $1 ORDER BY created_at DESC, id DESC`, orgID)
	if err != nil {
		return nil, err
	}
	for _, d := range list {
		if err := s.loadDestructionEntries(ctx, d); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// Destruction returns one of the organisation's destructions with its
// entries, or ENOTFOUND.
func (s *Store) Destruction(ctx context.Context, orgID, id int64) (*domain.Destruction, error) {
	list, err := queryAll(ctx, s.db, "destruction", scanDestruction,
		`SELECT id, org_id, approved_by, authority, created_at FROM destructions WHERE org_id = $1 AND id = $2`, orgID, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.destruction_not_found")
	}
	return list[0], s.loadDestructionEntries(ctx, list[0])
}

func scanDestruction(row interface{ Scan(...any) error }) (*domain.Destruction, error) {
	d := &domain.Destruction{}
	if err := row.Scan(&d.ID, &d.OrgID, &d.ApprovedBy, &d.Authority, &d.At); err != nil {
		return nil, fmt.Errorf("store: destruction: %w", err)
	}
	return d, nil
}

func (s *Store) loadDestructionEntries(ctx context.Context, d *domain.Destruction) error {
	list, err := queryAll(ctx, s.db, "destruction entries", func(row interface{ Scan(...any) error }) (domain.DestructionEntry, error) {
		var e domain.DestructionEntry
		err := row.Scan(&e.Kind, &e.Ref, &e.Start, &e.Expired)
		e.Start, e.Expired = domain.Day(e.Start), e.Expired.UTC()
		return e, err
	}, `SELECT kind, ref, start_on, expired_on FROM destruction_entries WHERE destruction_id = $1 ORDER BY position`, d.ID)
	d.Entries = list
	return err
}

// retainedReportFacts returns the kept facts of destroyed reports received
// in [from, to): those not dismissed, and the number dismissed.
func (tx *Tx) retainedReportFacts(ctx context.Context, orgID int64, from, to time.Time) ([]*ReportFact, int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT dismissed, fact FROM retained_report_facts
		WHERE org_id = $1 AND received_at >= $2 AND received_at < $3`, orgID, from, to)
	if err != nil {
		return nil, 0, fmt.Errorf("store: retained facts: %w", err)
	}
	defer rows.Close()
	var out []*ReportFact
	dismissed := 0
	for rows.Next() {
		var dis bool
		var b string
		if err := rows.Scan(&dis, &b); err != nil {
			return nil, 0, fmt.Errorf("store: retained facts: %w", err)
		}
		if dis {
			dismissed++
			continue
		}
		f := &ReportFact{}
		if err := json.Unmarshal([]byte(b), f); err != nil {
			return nil, 0, fmt.Errorf("store: retained facts: %w", err)
		}
		out = append(out, f)
	}
	return out, dismissed, rows.Err()
}

// retainedAdvice returns the kept facts of destroyed advice requests as
// requests without id or summary, received in [from, to) (all years when
// from is zero).
func (s *Store) retainedAdvice(ctx context.Context, orgID int64, from, to time.Time) ([]*domain.AdviceRequest, error) {
	q, args := `SELECT received_on, topic, requester, answered FROM retained_advice_facts WHERE org_id = $1`, []any{orgID}
	if !from.IsZero() {
		q, args = q+` AND received_on >= $2 AND received_on < $3`, append(args, from, to)
	}
	return queryAll(ctx, s.db, "retained advice", func(row interface{ Scan(...any) error }) (*domain.AdviceRequest, error) {
		a := &domain.AdviceRequest{OrgID: orgID}
		var answered bool
		if err := row.Scan(&a.ReceivedOn, &a.Topic, &a.Requester, &answered); err != nil {
			return nil, err
		}
		if answered { // the day is not kept: the figures count only whether it was answered
			on := a.ReceivedOn
			a.AnsweredOn = &on
		}
		a.Normalise()
		return a, nil
	}, q, args...)
}
