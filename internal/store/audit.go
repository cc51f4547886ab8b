package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/audit"
	"github.com/integer-nl/integer/internal/domain"
)

// Audit appends an entry to the audit log on its own (for reads, logins and
// other events that change no record). Changes are audited inside their own
// transaction instead, by the store method that makes them.
func (s *Store) Audit(ctx context.Context, actor Actor, action, objectType string, objectID any, detail string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		return tx.audit(ctx, actor, action, objectType, objectID, detail)
	})
}

// audit appends one entry to the chain. The first entry of a transaction
// takes the single audit_head row with an UPDATE, which holds a row lock on
// PostgreSQL until the transaction ends (and SQLite has one writer anyway),
// so concurrent appends queue up and every entry links to its true
// predecessor. The transaction then keeps the head in memory and writes its
// entries in batches of many rows (flushAudit), the last ones and the new
// head just before it commits: an import of 100,000 rows writes 100,000
// entries with a few hundred statements instead of 300,000.
func (tx *Tx) audit(ctx context.Context, actor Actor, action, objectType string, objectID any, detail string) error {
	if tx.head == nil {
		if tx.store.auditKey == nil {
			// An entry without the key would break a keyed chain: refuse
			// rather than write one (a tool that forgot UseAuditKey).
			var keyed int
			err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE org_id = 0 AND action = $1`, ActionAuditKeyCreated).Scan(&keyed)
			if err != nil {
				return fmt.Errorf("store: audit: %w", err)
			}
			if keyed > 0 {
				return fmt.Errorf("store: audit %s: the audit log is keyed, and this store was opened without the audit key", action)
			}
		}
		h := &auditHead{}
		err := tx.QueryRowContext(ctx, `UPDATE audit_head SET last_id = last_id WHERE id = 1
			RETURNING last_id, last_hash`).Scan(&h.lastID, &h.lastHash)
		if err != nil {
			return fmt.Errorf("store: audit head: %w", err)
		}
		tx.head = h
	}
	e := domain.AuditEntry{
		ID: tx.head.lastID + 1, OrgID: actor.OrgID, At: tx.now, ActorID: actor.UserID, Actor: actor.Name,
		SessionRef: actor.SessionRef, Action: action, ObjectType: objectType,
		ObjectID: idString(objectID), Detail: detail, PrevHash: tx.head.lastHash,
	}
	e.Hash = tx.store.auditKey.HashFor(&e)
	tx.head.lastID, tx.head.lastHash = e.ID, e.Hash
	tx.head.pending = append(tx.head.pending, e)
	if len(tx.head.pending) >= auditBatch {
		return tx.flushAudit(ctx)
	}
	return nil
}

// auditHead is the chain's head as a transaction that appends to it sees
// it, and its entries not yet written.
type auditHead struct {
	lastID   int64
	lastHash string
	pending  []domain.AuditEntry
}

// auditBatch entries are written with one INSERT: 12 values each, well
// within both engines' limit of bound values per statement.
const auditBatch = 500

// flushAudit writes the transaction's pending audit entries and the head.
// inTx calls it before committing.
func (tx *Tx) flushAudit(ctx context.Context) error {
	h := tx.head
	if h == nil || len(h.pending) == 0 {
		return nil
	}
	if tx.copies() {
		rows := make([][]any, len(h.pending))
		for i, e := range h.pending {
			rows[i] = []any{e.ID, e.OrgID, e.At, e.ActorID, e.Actor, e.SessionRef, e.Action, e.ObjectType, e.ObjectID,
				e.Detail, e.PrevHash, e.Hash}
		}
		if err := tx.copyRows(ctx, "audit_log", auditColumnList, rows); err != nil {
			return fmt.Errorf("store: audit %s: %w", h.pending[0].Action, err)
		}
	} else if err := tx.insertAudit(ctx, h.pending); err != nil {
		return err
	}
	h.pending = h.pending[:0]
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET last_id = $1, last_hash = $2 WHERE id = 1`, h.lastID, h.lastHash); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	return nil
}

// insertAudit writes entries with one INSERT.
func (tx *Tx) insertAudit(ctx context.Context, pending []domain.AuditEntry) error {
	var q strings.Builder
	q.WriteString(tx.insertVerb() + `audit_log (` + auditColumns + `) VALUES `)
	args := make([]any, 0, 12*len(pending))
	for i, e := range pending {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(")
		for c := range 12 {
			if c > 0 {
				q.WriteString(", ")
			}
			q.WriteString(tx.placeholder(len(args) + c + 1))
		}
		q.WriteString(")")
		args = append(args, e.ID, e.OrgID, e.At, e.ActorID, e.Actor, e.SessionRef, e.Action, e.ObjectType, e.ObjectID,
			e.Detail, e.PrevHash, e.Hash)
	}
	if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("store: audit %s: %w", pending[0].Action, err)
	}
	return nil
}

func idString(id any) string {
	switch v := id.(type) {
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(v, 10)
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}

const auditColumns = `id, org_id, at, actor_id, actor, session_ref, action, object_type, object_id, detail, prev_hash, hash`

var auditColumnList = strings.Split(strings.ReplaceAll(auditColumns, " ", ""), ",")

// AuditEntries lists entries newest first, narrowed by the filter. OrgID 0
// lists installation-wide entries only when the caller asks with AllOrgs.
func (s *Store) AuditEntries(ctx context.Context, f domain.AuditFilter) ([]domain.AuditEntry, error) {
	where := []string{"org_id = $1"}
	args := []any{f.OrgID}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.Action != "" {
		add(`action LIKE ? ESCAPE '\'`, escapeLike(f.Action)+"%")
	}
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("at < ?", f.To.UTC())
	}
	if f.BeforeID > 0 {
		add("id < ?", f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return queryAll(ctx, s.db, "audit entries", scanAudit, `SELECT `+auditColumns+` FROM audit_log WHERE `+
		strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT `+strconv.Itoa(limit), args...)
}

// escapeLike makes s match literally in a LIKE pattern with ESCAPE '\':
// action names contain underscores, which LIKE would take for wildcards.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

// VerifyAudit walks the whole chain in order and returns how many entries it
// checked and the first break, or nil when the chain is intact. Each entry's
// hash is checked with the audit key (entries from before the key with plain
// SHA-256, ending in the hash the key file recorded). A changed row breaks at
// that row; a deleted row breaks at its successor (whose link no longer
// matches) or, for the last row, against the head record. Rows cut from the
// end together with the head record need a checkpoint to be found:
// VerifyAuditCheckpoint.
func (s *Store) VerifyAudit(ctx context.Context) (int64, *domain.AuditBreak, error) {
	n, brk, _, err := s.verifyAudit(ctx, 0)
	return n, brk, err
}

// VerifyAuditCheckpoint verifies the chain as VerifyAudit does and then
// against the checkpoint, after checking its signature (audit.ErrForged,
// audit.ErrOtherKey, or EINVALID without an audit key): a log that ends
// before the checkpoint's entry was cut ("cut"), and a checkpoint entry
// whose hash is no longer the signed one was rewritten, or something before
// it was ("rewritten").
func (s *Store) VerifyAuditCheckpoint(ctx context.Context, cp audit.Checkpoint) (int64, *domain.AuditBreak, error) {
	if s.auditKey == nil {
		return 0, nil, domain.Errorf(domain.EINVALID, "audit.no_key")
	}
	if err := s.auditKey.Verify(cp); err != nil {
		return 0, nil, err
	}
	n, brk, hashAt, err := s.verifyAudit(ctx, cp.Seq)
	switch {
	case err != nil:
		return n, nil, err
	case brk != nil && brk.ID <= cp.Seq:
		return n, brk, nil
	case cp.Seq > n:
		// The chain holds up to its end, but that end is before the
		// checkpoint's entry: the tail was cut and the head record set back.
		return n, &domain.AuditBreak{ID: n + 1, Reason: "cut"}, nil
	case cp.Seq > 0 && hashAt != cp.Head:
		return n, &domain.AuditBreak{ID: cp.Seq, Reason: "rewritten"}, nil
	}
	return n, brk, nil
}

// verifyAudit walks the chain; it also returns the hash of entry at (when
// the walk reaches it).
func (s *Store) verifyAudit(ctx context.Context, at int64) (int64, *domain.AuditBreak, string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY id`)
	if err != nil {
		return 0, nil, "", fmt.Errorf("store: verify audit: %w", err)
	}
	defer rows.Close()
	var checked, wantID int64 = 0, 1
	prev, hashAt := "", ""
	key := s.auditKey
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return checked, nil, hashAt, err
		}
		switch {
		case e.ID != wantID:
			return checked, &domain.AuditBreak{ID: wantID, Reason: "missing"}, hashAt, nil
		case e.PrevHash != prev || key.HashFor(&e) != e.Hash:
			return checked, &domain.AuditBreak{ID: e.ID, Reason: "changed"}, hashAt, nil
		case key != nil && e.ID == key.LegacyUntil && e.Hash != key.LegacyHead:
			// The unkeyed entries were rewritten and rehashed after the key
			// file recorded their last hash.
			return checked, &domain.AuditBreak{ID: e.ID, Reason: "changed"}, hashAt, nil
		}
		if e.ID == at {
			hashAt = e.Hash
		}
		prev, wantID = e.Hash, wantID+1
		checked++
	}
	if err := rows.Err(); err != nil {
		return checked, nil, hashAt, fmt.Errorf("store: verify audit: %w", err)
	}
	if key != nil && checked < key.LegacyUntil {
		return checked, &domain.AuditBreak{ID: checked + 1, Reason: "missing"}, hashAt, nil
	}
	lastID, lastHash, err := s.AuditHead(ctx)
	if err != nil {
		return checked, nil, hashAt, err
	}
	if lastID != checked || lastHash != prev {
		return checked, &domain.AuditBreak{ID: checked + 1, Reason: "missing"}, hashAt, nil
	}
	return checked, nil, hashAt, nil
}

// AuditHead returns the number and hash of the chain's last entry, as the
// head record holds them.
func (s *Store) AuditHead(ctx context.Context) (int64, string, error) {
	var lastID int64
	var lastHash string
	if err := s.db.QueryRowContext(ctx, `SELECT last_id, last_hash FROM audit_head WHERE id = 1`).Scan(&lastID, &lastHash); err != nil {
		return 0, "", fmt.Errorf("store: audit head: %w", err)
	}
	return lastID, lastHash, nil
}

// AuditCheckpoint signs the chain's current head for the organisation
// (slug; "" for the installation). It needs the audit key (EINVALID
// without).
func (s *Store) AuditCheckpoint(ctx context.Context, org string) (audit.Checkpoint, error) {
	if s.auditKey == nil {
		return audit.Checkpoint{}, domain.Errorf(domain.EINVALID, "audit.no_key")
	}
	seq, head, err := s.AuditHead(ctx)
	if err != nil {
		return audit.Checkpoint{}, err
	}
	return s.auditKey.Checkpoint(org, seq, head, s.now()), nil
}

func scanAudit(row interface{ Scan(...any) error }) (domain.AuditEntry, error) {
	var e domain.AuditEntry
	err := row.Scan(&e.ID, &e.OrgID, &e.At, &e.ActorID, &e.Actor, &e.SessionRef, &e.Action,
		&e.ObjectType, &e.ObjectID, &e.Detail, &e.PrevHash, &e.Hash)
	if err != nil {
		return e, fmt.Errorf("store: audit entry: %w", err)
	}
	return e, nil
}

// AuditorAddresses lists the organisation's accounts with the auditor role
// that can be told by e-mail (not disabled, with an address), by user ID:
// they receive the audit log's checkpoints.
func (s *Store) AuditorAddresses(ctx context.Context, orgID int64) ([]Recipient, error) {
	return s.RoleAddresses(ctx, orgID, domain.RoleAuditor)
}

// RoleAddresses returns the e-mail addresses of the organisation's enabled
// users who hold the role.
func (s *Store) RoleAddresses(ctx context.Context, orgID int64, role domain.Role) ([]Recipient, error) {
	return queryAll(ctx, s.db, "auditor addresses", func(row interface{ Scan(...any) error }) (Recipient, error) {
		var r Recipient
		err := row.Scan(&r.UserID, &r.Email)
		return r, err
	}, `SELECT u.id, u.email FROM users u WHERE u.org_id = $1 AND u.disabled = FALSE AND u.email <> ''
		AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = $2)
		ORDER BY u.id`, orgID, string(role))
}
