package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
)

// Gifts and invitations belong to HR, and to the recipient through
// self-service: the web lets only the hr role reach the methods that take
// any gift, and employees only the Own… methods, which find the person by
// the account and never return another person's gift. Every method keeps
// to the organisation it is given, and every change is audited. Nothing is
// sealed.

// GiftFilter narrows the list of gifts.
type GiftFilter struct {
	Year     int    // by the day the gift was offered, in Amsterdam; 0 = every year
	Decision string // "" = every decision
	Kind     string // "" = both kinds
	PersonID int64  // the recipient; 0 = everyone
	Giver    string // part of the giver's name, case and spaces ignored; "" = every giver
	Sort     string // one of GiftSorts; "" is "date"
}

// GiftSorts are the values of GiftFilter.Sort: newest first (the default),
// oldest first, highest value first, by giver, by recipient.
var GiftSorts = []string{"date", "date_asc", "value", "giver", "recipient"}

const giftColumns = `g.id, g.org_id, g.person_id, p.name, p.ref, g.giver, g.offered_on, g.description, g.value_cents, g.kind,
	g.decision, COALESCE(g.decided_by, 0), COALESCE(NULLIF(u.display_name, ''), u.username, ''), g.decided_at, g.self_reported,
	g.created_at, g.updated_at`

const giftFrom = ` FROM gifts g JOIN people p ON p.id = g.person_id AND p.org_id = g.org_id LEFT JOIN users u ON u.id = g.decided_by`

func scanGift(row interface{ Scan(...any) error }) (*domain.Gift, error) {
	g := &domain.Gift{}
	err := row.Scan(&g.ID, &g.OrgID, &g.PersonID, &g.PersonName, &g.PersonRef, &g.Giver, &g.OfferedOn, &g.Description, &g.ValueCents,
		&g.Kind, &g.Decision, &g.DecidedBy, &g.DecidedByName, &g.DecidedAt, &g.SelfReported, &g.CreatedAt, &g.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "gift.err_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: gift: %w", err)
	}
	g.Normalise()
	return g, nil
}

func (s *Store) queryGifts(ctx context.Context, q string, args ...any) ([]*domain.Gift, error) {
	out, err := queryAll(ctx, s.db, "gifts", scanGift, q, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Gifts lists the organisation's gifts narrowed by the filter. Callers: hr.
// Errors: only internal.
func (s *Store) Gifts(ctx context.Context, orgID int64, f GiftFilter) ([]*domain.Gift, error) {
	q := `SELECT ` + giftColumns + giftFrom + ` WHERE g.org_id = $1`
	args := []any{orgID}
	add := func(cond string, v any) {
		args = append(args, v)
		q += " AND " + strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args)))
	}
	if f.Year != 0 {
		from, to := recYearRange(f.Year)
		add("g.offered_on >= ?", from)
		add("g.offered_on < ?", to)
	}
	if f.Decision != "" {
		add("g.decision = ?", f.Decision)
	}
	if f.Kind != "" {
		add("g.kind = ?", f.Kind)
	}
	if f.PersonID != 0 {
		add("g.person_id = ?", f.PersonID)
	}
	if f.Sort == "date_asc" {
		q += " ORDER BY g.offered_on, g.id"
	} else {
		q += " ORDER BY g.offered_on DESC, g.id DESC"
	}
	list, err := s.queryGifts(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	// The giver and the names are compared here, not in SQL, so both
	// engines ignore case the same way, also for é and ë.
	if key := domain.GiverKey(f.Giver); key != "" {
		list = slices.DeleteFunc(list, func(g *domain.Gift) bool { return !strings.Contains(domain.GiverKey(g.Giver), key) })
	}
	switch f.Sort {
	case "value":
		slices.SortStableFunc(list, func(a, b *domain.Gift) int { return cmp.Compare(b.ValueCents, a.ValueCents) })
	case "giver":
		slices.SortStableFunc(list, func(a, b *domain.Gift) int { return cmp.Compare(domain.GiverKey(a.Giver), domain.GiverKey(b.Giver)) })
	case "recipient":
		slices.SortStableFunc(list, func(a, b *domain.Gift) int {
			return cmp.Compare(strings.ToLower(a.PersonName), strings.ToLower(b.PersonName))
		})
	}
	return list, nil
}

// Gift returns one gift of the organisation. Callers: hr. Errors:
// ENOTFOUND, also for another organisation's gift.
func (s *Store) Gift(ctx context.Context, orgID, id int64) (*domain.Gift, error) {
	return scanGift(s.db.QueryRowContext(ctx, `SELECT `+giftColumns+giftFrom+` WHERE g.org_id = $1 AND g.id = $2`, orgID, id))
}

// GiftRecipient is a person who received at least one gift, for the
// list's filter.
type GiftRecipient struct {
	ID        int64
	Name, Ref string
}

// GiftRecipients lists the people of the organisation who have gifts, by
// name. Callers: hr. Errors: only internal.
func (s *Store) GiftRecipients(ctx context.Context, orgID int64) ([]GiftRecipient, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT p.id, p.name, p.ref FROM gifts g JOIN people p ON p.id = g.person_id AND p.org_id = g.org_id
		WHERE g.org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: gift recipients: %w", err)
	}
	defer rows.Close()
	var out []GiftRecipient
	for rows.Next() {
		var r GiftRecipient
		if err := rows.Scan(&r.ID, &r.Name, &r.Ref); err != nil {
			return nil, fmt.Errorf("store: gift recipients: %w", err)
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b GiftRecipient) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Ref, b.Ref))
	})
	return out, rows.Err()
}

// GiftThreshold returns the organisation's threshold in cents above which
// a gift needs permission: domain.DefaultGiftThresholdCents until HR sets
// one. Callers: hr and employees (the form explains it). Errors: only
// internal.
func (s *Store) GiftThreshold(ctx context.Context, orgID int64) (int64, error) {
	return giftThreshold(ctx, s.db, orgID)
}

func (tx *Tx) giftThreshold(ctx context.Context, orgID int64) (int64, error) {
	return giftThreshold(ctx, tx, orgID)
}

func giftThreshold(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, orgID int64) (int64, error) {
	var cents int64
	err := q.QueryRowContext(ctx, `SELECT threshold_cents FROM gift_settings WHERE org_id = $1`, orgID).Scan(&cents)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.DefaultGiftThresholdCents, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: gift threshold: %w", err)
	}
	return cents, nil
}

// SetGiftThreshold sets the organisation's threshold in cents. It applies
// to what is recorded or decided from now on; gifts decided before keep
// their decision. Callers: hr. Errors: EINVALID at "threshold".
func (s *Store) SetGiftThreshold(ctx context.Context, actor Actor, orgID, cents int64) error {
	if err := domain.CheckGiftThreshold(cents); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		old, err := tx.giftThreshold(ctx, orgID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO gift_settings (org_id, threshold_cents) VALUES ($1, $2)
			ON CONFLICT (org_id) DO UPDATE SET threshold_cents = excluded.threshold_cents`, orgID, cents); err != nil {
			return fmt.Errorf("store: set gift threshold: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "gift.threshold", "organisation", orgID,
			strconv.FormatInt(old, 10)+" -> "+strconv.FormatInt(cents, 10))
	})
}

// personInOrg checks that the recipient is a person of the organisation.
func (tx *Tx) personInOrg(ctx context.Context, orgID, personID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM people WHERE org_id = $1 AND id = $2`, orgID, personID).Scan(&n); err != nil {
		return fmt.Errorf("store: gift recipient: %w", err)
	}
	if n == 0 {
		return domain.FieldError("person", "gift.err_person")
	}
	return nil
}

// CreateGift records a gift with its decision and sets g.ID. A decision
// other than pending is recorded as the actor's, now. The recipient must
// be a person of the organisation; above the threshold plain "accepted" is
// refused. Callers: hr. Errors: EINVALID naming the field.
func (s *Store) CreateGift(ctx context.Context, actor Actor, orgID int64, g *domain.Gift) error {
	g.SelfReported = false
	return s.inTx(ctx, func(tx *Tx) error { return tx.createGift(ctx, actor, orgID, g) })
}

func (tx *Tx) createGift(ctx context.Context, actor Actor, orgID int64, g *domain.Gift) error {
	threshold, err := tx.giftThreshold(ctx, orgID)
	if err != nil {
		return err
	}
	if err := g.Validate(tx.now, threshold); err != nil {
		return err
	}
	if err := tx.personInOrg(ctx, orgID, g.PersonID); err != nil {
		return err
	}
	g.DecidedBy, g.DecidedAt = 0, nil
	if g.Decision != domain.GiftDecisionPending {
		now := tx.now
		g.DecidedBy, g.DecidedAt = actor.UserID, &now
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO gifts (org_id, person_id, giver, offered_on, description, value_cents, kind, decision,
		decided_by, decided_at, self_reported, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		orgID, g.PersonID, g.Giver, g.OfferedOn.UTC(), g.Description, g.ValueCents, g.Kind, g.Decision,
		nullID(g.DecidedBy), g.DecidedAt, g.SelfReported, tx.now).Scan(&g.ID)
	if err != nil {
		return fmt.Errorf("store: create gift: %w", err)
	}
	g.OrgID, g.CreatedAt, g.UpdatedAt = orgID, tx.now, tx.now
	detail := string(g.Kind) + " " + string(g.Decision) + " " + strconv.FormatInt(g.ValueCents, 10)
	if g.SelfReported {
		detail += " self-service"
	}
	return tx.audit(ctx, actor.In(orgID), "gift.create", "gift", g.ID, detail)
}

// UpdateGift changes a gift's details (recipient, giver, date,
// description, value, kind) and keeps its decision; a new value above the
// threshold of a gift accepted without permission is refused at "value".
// Callers: hr. Errors: ENOTFOUND; EINVALID naming the field.
func (s *Store) UpdateGift(ctx context.Context, actor Actor, orgID int64, g *domain.Gift) error {
	return s.inTx(ctx, func(tx *Tx) error {
		old, err := scanGift(tx.QueryRowContext(ctx, `SELECT `+giftColumns+giftFrom+` WHERE g.org_id = $1 AND g.id = $2`, orgID, g.ID))
		if err != nil {
			return err
		}
		threshold, err := tx.giftThreshold(ctx, orgID)
		if err != nil {
			return err
		}
		g.Decision = old.Decision
		if g.ValueCents == old.ValueCents {
			// Only a changed value meets today's threshold; a gift
			// decided under an earlier one keeps its decision.
			threshold = max(threshold, old.ValueCents)
		}
		if errs := domain.GiftDetailErrors(g.Check(tx.now, threshold)); len(errs) > 0 {
			return errs[0]
		}
		if err := tx.personInOrg(ctx, orgID, g.PersonID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE gifts SET person_id = $3, giver = $4, offered_on = $5, description = $6,
			value_cents = $7, kind = $8, updated_at = $9 WHERE org_id = $1 AND id = $2`,
			orgID, g.ID, g.PersonID, g.Giver, g.OfferedOn.UTC(), g.Description, g.ValueCents, g.Kind, tx.now); err != nil {
			return fmt.Errorf("store: update gift: %w", err)
		}
		var changed []string
		for _, c := range []struct {
			name string
			same bool
		}{
			{"person", old.PersonID == g.PersonID}, {"giver", old.Giver == g.Giver}, {"offered_on", old.OfferedOn.Equal(g.OfferedOn)},
			{"description", old.Description == g.Description}, {"value", old.ValueCents == g.ValueCents}, {"kind", old.Kind == g.Kind},
		} {
			if !c.same {
				changed = append(changed, c.name)
			}
		}
		g.OrgID, g.DecidedBy, g.DecidedAt, g.SelfReported = orgID, old.DecidedBy, old.DecidedAt, old.SelfReported
		g.CreatedAt, g.UpdatedAt = old.CreatedAt, tx.now
		return tx.audit(ctx, actor.In(orgID), "gift.update", "gift", g.ID, strings.Join(changed, ","))
	})
}

// DecideGift records HR's decision on a gift, as the actor's, now; back to
// pending clears who decided. Above the threshold plain "accepted" is
// refused at "decision". The same decision again changes nothing.
// Callers: hr. Errors: ENOTFOUND; EINVALID at "decision".
func (s *Store) DecideGift(ctx context.Context, actor Actor, orgID, id int64, decision domain.GiftDecision) error {
	if !slices.Contains(domain.GiftDecisions, decision) {
		return domain.FieldError("decision", "gift.err_decision")
	}
	return s.inTx(ctx, func(tx *Tx) error {
		old, err := scanGift(tx.QueryRowContext(ctx, `SELECT `+giftColumns+giftFrom+` WHERE g.org_id = $1 AND g.id = $2`, orgID, id))
		if err != nil {
			return err
		}
		if old.Decision == decision {
			return nil
		}
		threshold, err := tx.giftThreshold(ctx, orgID)
		if err != nil {
			return err
		}
		if !domain.GiftDecisionAllowed(decision, old.ValueCents, threshold) {
			return domain.FieldError("decision", "gift.err_threshold", domain.Euro(threshold))
		}
		var by, at any
		if decision != domain.GiftDecisionPending {
			by, at = nullID(actor.UserID), tx.now
		}
		if _, err := tx.ExecContext(ctx, `UPDATE gifts SET decision = $3, decided_by = $4, decided_at = $5, updated_at = $6
			WHERE org_id = $1 AND id = $2`, orgID, id, decision, by, at, tx.now); err != nil {
			return fmt.Errorf("store: decide gift: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "gift.decide", "gift", id, string(old.Decision)+" -> "+string(decision))
	})
}

// DeleteGift removes a gift (e.g. recorded twice). Callers: hr. Errors:
// ENOTFOUND.
func (s *Store) DeleteGift(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.deleteRecord(ctx, actor, orgID, id, "gifts", "gift", "gift.delete", "gift.err_not_found")
}

// GiftCounts returns the figures of the organisation's gifts offered in
// year (in Amsterdam): the count per decision and kind, and the total
// estimated value. Callers: hr and the annual report. Errors: only
// internal.
//
// It reads only the three columns the counts take, of the gifts Gifts
// lists for the year, not every column with its times (the annual report
// counts two years of them).
func (s *Store) GiftCounts(ctx context.Context, orgID int64, year int) (domain.GiftCounts, error) {
	from, to := recYearRange(year)
	list, err := queryAll(ctx, s.db, "gift counts", func(row interface{ Scan(...any) error }) (*domain.Gift, error) {
		g := &domain.Gift{}
		if err := row.Scan(&g.ValueCents, &g.Kind, &g.Decision); err != nil {
			return nil, fmt.Errorf("store: gift counts: %w", err)
		}
		return g, nil
	}, `SELECT g.value_cents, g.kind, g.decision`+giftFrom+` WHERE g.org_id = $1 AND g.offered_on >= $2 AND g.offered_on < $3`,
		orgID, from, to)
	if err != nil {
		return domain.GiftCounts{}, err
	}
	c := domain.NewGiftCounts(year)
	for _, g := range list {
		c.Add(g)
	}
	return c, nil
}

// GiftCountsByYear returns GiftCounts for every year that has gifts,
// newest first. Callers: hr. Errors: only internal.
func (s *Store) GiftCountsByYear(ctx context.Context, orgID int64) ([]domain.GiftCounts, error) {
	list, err := s.Gifts(ctx, orgID, GiftFilter{})
	if err != nil {
		return nil, err
	}
	out := countsByYear(list, func(x *domain.Gift) int { return x.OfferedOn.Year() }, domain.NewGiftCounts, (*domain.GiftCounts).Add)
	return out, nil
}

// GiftGivers returns the overview of the givers of year: count, total
// value and recipients per giver, those who give most often first.
// Callers: hr. Errors: only internal.
func (s *Store) GiftGivers(ctx context.Context, orgID int64, year int) ([]domain.GiftGiver, error) {
	list, err := s.Gifts(ctx, orgID, GiftFilter{Year: year, Sort: "date_asc"})
	if err != nil {
		return nil, err
	}
	return domain.GiftGivers(list), nil
}

// ownPerson finds the person linked to the account, or ENOTFOUND.
func ownPerson(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, orgID, userID int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM people WHERE org_id = $1 AND user_id = $2`, orgID, userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, domain.Errorf(domain.ENOTFOUND, "gift.err_no_person")
	}
	if err != nil {
		return 0, fmt.Errorf("store: own person: %w", err)
	}
	return id, nil
}

// OwnGifts lists the gifts of the person linked to the account, newest
// first. Callers: the employee themselves. Errors: ENOTFOUND
// (gift.err_no_person) when no person is linked.
func (s *Store) OwnGifts(ctx context.Context, orgID, userID int64) ([]*domain.Gift, error) {
	personID, err := ownPerson(ctx, s.db, orgID, userID)
	if err != nil {
		return nil, err
	}
	return s.queryGifts(ctx, `SELECT `+giftColumns+giftFrom+` WHERE g.org_id = $1 AND g.person_id = $2
		ORDER BY g.offered_on DESC, g.id DESC`, orgID, personID)
}

// OwnGift returns one gift of the person linked to the account. Callers:
// the employee themselves. Errors: ENOTFOUND, for anyone else's gift too.
func (s *Store) OwnGift(ctx context.Context, orgID, userID, id int64) (*domain.Gift, error) {
	return scanGift(s.db.QueryRowContext(ctx, `SELECT `+giftColumns+giftFrom+`
		WHERE g.org_id = $1 AND g.id = $2 AND p.user_id = $3`, orgID, id, userID))
}

// ReportOwnGift records a gift the employee reports themselves: the
// recipient is the person linked to the account and the decision is
// pending, whatever g says. Callers: the employee. Errors: ENOTFOUND
// (gift.err_no_person); EINVALID naming the field.
func (s *Store) ReportOwnGift(ctx context.Context, actor Actor, orgID, userID int64, g *domain.Gift) error {
	return s.inTx(ctx, func(tx *Tx) error {
		personID, err := ownPerson(ctx, tx, orgID, userID)
		if err != nil {
			return err
		}
		g.PersonID, g.Decision, g.SelfReported = personID, domain.GiftDecisionPending, true
		return tx.createGift(ctx, actor, orgID, g)
	})
}
