package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
)

// The report list's columns beyond the clear facts of a report: the
// coordinator's subject (sealed like the narrative), the categories and
// outcomes of its allegations and its assignees.

// SetSubject gives a report of the handler's channel its short subject for
// the report list (or clears it with ""), sealed under the report's data key.
// Errors: ENOTFOUND, EFORBIDDEN (no key), EINVALID naming "subject".
func (s *Store) SetSubject(ctx context.Context, actor Actor, orgID, reportID int64, kr Keyring, subject string) error {
	subject = strings.Join(strings.Fields(subject), " ")
	if utf8.RuneCountInString(subject) > domain.MaxSubjectRunes {
		return domain.FieldError("subject", "err.too_long")
	}
	return s.handle(ctx, actor, orgID, reportID, kr, domain.EventKindSubject, func(tx *Tx, r *domain.Report, dek seal.Key) (string, error) {
		var sealed []byte
		if subject != "" {
			sealed = seal.Seal(dek, seal.AAD("reports", "subject", reportID), []byte(subject))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET subject = $2 WHERE id = $1`, reportID, sealed); err != nil {
			return "", fmt.Errorf("store: subject: %w", err)
		}
		return "", nil
	})
}

// openSubject unseals the report's subject into r.Subject.
func (tx *Tx) openSubject(ctx context.Context, r *domain.Report, dek seal.Key) error {
	var sealed []byte
	if err := tx.QueryRowContext(ctx, `SELECT subject FROM reports WHERE id = $1`, r.ID).Scan(&sealed); err != nil {
		return fmt.Errorf("store: report %d subject: %w", r.ID, err)
	}
	if sealed == nil {
		return nil
	}
	b, err := seal.Open(dek, seal.AAD("reports", "subject", r.ID), sealed)
	if err != nil {
		return fmt.Errorf("store: report %d subject: %w", r.ID, err)
	}
	r.Subject = string(b)
	return nil
}

// idList writes ids as an SQL list, "(1,2,3)": numbers only, formatted
// here, so a page's hundred ids need no hundred placeholders.
func idList(ids []int64) string {
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = strconv.FormatInt(id, 10)
	}
	return `(` + strings.Join(list, ",") + `)`
}

// ReportSubjects opens the subjects of the reports, of the handler's
// channels, that the handler holds a key for, and audits the reading once
// for the list. Reports without a subject or without the handler's key are
// left out of the map. A page of 100 reports costs two statements (the
// sealed subjects, the grants), not three per report.
func (s *Store) ReportSubjects(ctx context.Context, actor Actor, orgID int64, kr Keyring, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 || kr.Identity == "" {
		return out, nil
	}
	in := idList(ids)
	err := s.inTx(ctx, func(tx *Tx) error {
		type sealedSubject struct {
			number string
			sealed []byte
		}
		subjects := map[int64]sealedSubject{}
		rows, err := tx.QueryContext(ctx, `SELECT r.id, r.number, r.subject FROM reports r`+s.engine.keyHint()+`
			WHERE r.org_id = $1 AND r.id IN `+in+` AND r.subject IS NOT NULL
			AND r.channel_id IN (SELECT channel_id FROM channel_handlers WHERE user_id = $2)`, orgID, kr.UserID)
		if err != nil {
			return fmt.Errorf("store: subjects: %w", err)
		}
		for rows.Next() {
			var id int64
			var sub sealedSubject
			if err := rows.Scan(&id, &sub.number, &sub.sealed); err != nil {
				rows.Close()
				return fmt.Errorf("store: subjects: %w", err)
			}
			subjects[id] = sub
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: subjects: %w", err)
		}
		if len(subjects) == 0 {
			return nil
		}
		grants := map[int64]map[string]grant{}
		grows, err := tx.QueryContext(ctx, `SELECT report_id, grantee, wrapped, key_copy FROM report_grants
			WHERE report_id IN `+in+` AND grantee IN ($1, 'mailbox', 'org')`, userGrantee(kr.UserID))
		if err != nil {
			return fmt.Errorf("store: subject grants: %w", err)
		}
		for grows.Next() {
			var id int64
			var grantee string
			var g grant
			if err := grows.Scan(&id, &grantee, &g.wrapped, &g.copy); err != nil {
				grows.Close()
				return fmt.Errorf("store: subject grants: %w", err)
			}
			if grants[id] == nil {
				grants[id] = map[string]grant{}
			}
			grants[id][grantee] = g
		}
		grows.Close()
		if err := grows.Err(); err != nil {
			return fmt.Errorf("store: subject grants: %w", err)
		}
		// Each subject is sealed under its own report's key, and unwrapping
		// a key with age (an X25519 agreement) was most of what a page of
		// 100 cost: the user's own copies of the keys open in microseconds,
		// and what still needs age (a report the user has not listed since
		// it was granted) is unwrapped on every core, its copy stored as the
		// transaction commits.
		keys := newGrantKeys(kr)
		type opened struct {
			text  string
			ok    bool
			fresh []byte
			err   error
		}
		results := make([]opened, len(ids))
		next := make(chan int)
		var wg sync.WaitGroup
		for range min(runtime.GOMAXPROCS(0), len(ids)) {
			wg.Go(func() {
				for i := range next {
					id := ids[i]
					sub, ok := subjects[id]
					if !ok {
						continue
					}
					dek, fresh, ok := keys.open(orgID, id, grants[id])
					if !ok {
						continue
					}
					b, err := seal.Open(dek, seal.AAD("reports", "subject", id), sub.sealed)
					if err != nil {
						results[i].err = fmt.Errorf("store: report %d subject: %w", id, err)
						continue
					}
					results[i] = opened{text: string(b), ok: true, fresh: fresh}
				}
			})
		}
		for i := range ids {
			next <- i
		}
		close(next)
		wg.Wait()
		var read []string
		for i, id := range ids {
			if results[i].err != nil {
				return results[i].err
			}
			if results[i].ok {
				out[id] = results[i].text
				read = append(read, subjects[id].number)
			}
			if results[i].fresh != nil {
				tx.keyCopies = append(tx.keyCopies, keyCopy{reportID: id, grantee: keys.grantee, wrapped: grants[id][keys.grantee].wrapped, copy: results[i].fresh})
			}
		}
		if len(read) == 0 {
			return nil
		}
		return tx.audit(ctx, actor.In(orgID), "report.list_subjects", "report", 0, strings.Join(read, " "))
	})
	return out, err
}

// grantKeys unwraps reports' data keys from their grants with a keyring,
// trying the user's grant, the mailbox's, then the organisation's; a grant
// that does not open is passed over. The identities are parsed once, so a
// list opens many reports' keys with one keyring; open is safe for
// concurrent use.
type grantKeys struct {
	grantee   string
	user, org *seal.Identity // nil: the keyring has none (or it does not parse)
	mailbox   *seal.Key
}

// grant is what a key opener reads of one row of report_grants: the
// wrapped key and, on a user's grant, the user's own copy of it (nil until
// a list has made one; see grantKeys.open).
type grant struct {
	wrapped, copy []byte
}

func newGrantKeys(kr Keyring) grantKeys {
	k := grantKeys{grantee: userGrantee(kr.UserID), mailbox: kr.Mailbox}
	if kr.Identity != "" {
		k.user, _ = seal.ParseIdentity(kr.Identity)
	}
	if kr.OrgIdentity != "" {
		k.org, _ = seal.ParseIdentity(kr.OrgIdentity)
	}
	return k
}

// copyAAD binds a user's copy of a data key to the organisation, the
// report, the grantee and the age grant it was unwrapped from (its
// SHA-256: the key's version), so a copy moved to another row, or left
// behind by a grant that was replaced, does not open.
func copyAAD(orgID, reportID int64, grantee string, wrapped []byte) string {
	return fmt.Sprintf("report_grants.key_copy:%d:%d:%s:%x", orgID, reportID, grantee, sha256.Sum256(wrapped))
}

// open returns the report's data key. The user's grant is tried through
// the user's own copy first (symmetric, microseconds), then through age
// (an X25519 agreement); when age opened it, fresh is the copy to store on
// the grant so that the next list need not unwrap it again. A copy that
// does not open (another user's, tampered with, or of a replaced grant) is
// passed over like a grant that does not open.
func (k grantKeys) open(orgID, reportID int64, grants map[string]grant) (dek seal.Key, fresh []byte, ok bool) {
	if g, ok := grants[k.grantee]; ok && k.user != nil {
		aad := copyAAD(orgID, reportID, k.grantee, g.wrapped)
		if g.copy != nil {
			if dek, err := k.user.OpenCopy(g.copy, aad); err == nil {
				return dek, nil, true
			}
		}
		if dek, err := k.user.Unwrap(g.wrapped); err == nil {
			return dek, k.user.SealCopy(dek, aad), true
		}
	}
	if g, ok := grants["mailbox"]; ok && k.mailbox != nil {
		if b, err := seal.Open(*k.mailbox, seal.AAD("report_grants", "mailbox", reportID), g.wrapped); err == nil {
			var dek seal.Key
			copy(dek[:], b)
			return dek, nil, true
		}
	}
	if g, ok := grants["org"]; ok && k.org != nil {
		if dek, err := k.org.Unwrap(g.wrapped); err == nil {
			return dek, nil, true
		}
	}
	return seal.Key{}, nil, false
}

// keyCopy is a fresh copy of a report's data key for grantee, and the age
// grant it was unwrapped from.
type keyCopy struct {
	reportID      int64
	grantee       string
	wrapped, copy []byte
}

// storeKeyCopies puts the transaction's fresh copies of data keys on their
// grants, each only while the grant is still the one it was unwrapped from
// (a grant replaced meanwhile keeps no copy). It runs as the transaction
// commits, after its audit entries took the chain's head, and in the order
// of the grants: on PostgreSQL every transaction that both audits and
// writes grants (an import, a recovery) then locks the two in the same
// order, so none waits for another that waits for it.
func (tx *Tx) storeKeyCopies(ctx context.Context) error {
	slices.SortFunc(tx.keyCopies, func(a, b keyCopy) int {
		return cmp.Or(cmp.Compare(a.reportID, b.reportID), cmp.Compare(a.grantee, b.grantee))
	})
	for _, c := range tx.keyCopies {
		if _, err := tx.ExecContext(ctx, `UPDATE report_grants SET key_copy = $1 WHERE report_id = $2 AND grantee = $3 AND wrapped = $4`,
			c.copy, c.reportID, c.grantee, c.wrapped); err != nil {
			return fmt.Errorf("store: key copy: %w", err)
		}
	}
	tx.keyCopies = nil
	return nil
}

// ReportFacts are the clear facts of a report's allegations and handling
// that a list shows: categories and outcomes in the order the allegations
// were recorded ("" outcome while open), and the assignees' user IDs.
type ReportFacts struct {
	Categories []domain.Category
	Outcomes   []domain.Outcome
	Assignees  []int64
}

// ReportListFacts returns the facts of the organisation's reports ids, for
// a list; it reads only columns kept in the clear, so it needs no key. The
// caller has already decided that the user may list these reports.
func (s *Store) ReportListFacts(ctx context.Context, orgID int64, ids []int64) (map[int64]*ReportFacts, error) {
	out := map[int64]*ReportFacts{}
	if len(ids) == 0 {
		return out, nil
	}
	for _, id := range ids {
		out[id] = &ReportFacts{}
	}
	in := idList(ids)
	rows, err := s.db.QueryContext(ctx, `SELECT a.report_id, a.category, a.outcome FROM allegations a JOIN reports r ON r.id = a.report_id
		WHERE r.org_id = $1 AND a.report_id IN `+in+` ORDER BY a.report_id, a.id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: report facts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c domain.Category
		var o domain.Outcome
		if err := rows.Scan(&id, &c, &o); err != nil {
			return nil, fmt.Errorf("store: report facts: %w", err)
		}
		out[id].Categories = append(out[id].Categories, c)
		out[id].Outcomes = append(out[id].Outcomes, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: report facts: %w", err)
	}
	arows, err := s.db.QueryContext(ctx, `SELECT a.report_id, a.user_id FROM report_assignees a JOIN reports r ON r.id = a.report_id
		WHERE r.org_id = $1 AND a.report_id IN `+in+` ORDER BY a.report_id, a.user_id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: report assignees: %w", err)
	}
	defer arows.Close()
	for arows.Next() {
		var id, uid int64
		if err := arows.Scan(&id, &uid); err != nil {
			return nil, fmt.Errorf("store: report assignees: %w", err)
		}
		out[id].Assignees = append(out[id].Assignees, uid)
	}
	return out, arows.Err()
}

// ReportsMetadata lists the organisation's reports of every channel
// received in year (newest first, at most 1000), without content, subject
// or identity: the controller's view. The listing is audited. Callers:
// controller. Errors: only internal.
func (s *Store) ReportsMetadata(ctx context.Context, actor Actor, orgID int64, year int) ([]*domain.Report, error) {
	from, to := domain.Date{Year: year, Month: 1, Day: 1}.Start().UTC(), domain.Date{Year: year + 1, Month: 1, Day: 1}.Start().UTC()
	var list []*domain.Report
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		list, err = queryAll(ctx, tx, "reports", scanReport, `SELECT `+reportColumns+` FROM reports r JOIN channels c ON c.id = r.channel_id
			WHERE r.org_id = $1 AND r.received_at >= $2 AND r.received_at < $3 ORDER BY r.received_at DESC, r.id DESC LIMIT 1000`, orgID, from, to)
		if err != nil {
			return err
		}
		return tx.audit(ctx, actor.In(orgID), "report.metadata_list", "report", 0, strconv.Itoa(year))
	})
	return list, err
}
