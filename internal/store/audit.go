package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

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

// audit appends one entry to the chain. The UPDATE of the single audit_head
// row takes a row lock on PostgreSQL (and SQLite has one writer anyway), so
// concurrent appends queue up and every entry links to its true predecessor.
func (tx *Tx) audit(ctx context.Context, actor Actor, action, objectType string, objectID any, detail string) error {
	var lastID int64
	var lastHash string
	err := tx.QueryRowContext(ctx, `UPDATE audit_head SET last_id = last_id + 1 WHERE id = 1
		RETURNING last_id, last_hash`).Scan(&lastID, &lastHash)
	if err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	e := domain.AuditEntry{
		ID: lastID, OrgID: actor.OrgID, At: tx.now, ActorID: actor.UserID, Actor: actor.Name,
		SessionRef: actor.SessionRef, Action: action, ObjectType: objectType,
		ObjectID: idString(objectID), Detail: detail, PrevHash: lastHash,
	}
	e.Hash = e.ComputeHash()
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log
		(id, org_id, at, actor_id, actor, session_ref, action, object_type, object_id, detail, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		e.ID, e.OrgID, e.At, e.ActorID, e.Actor, e.SessionRef, e.Action, e.ObjectType, e.ObjectID,
		e.Detail, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("store: audit %s: %w", action, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET last_hash = $1 WHERE id = 1`, e.Hash); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
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
// checked and the first break, or nil when the chain is intact. A changed row
// breaks at that row; a deleted row breaks at its successor (whose link no
// longer matches) or, for the last row, against the head record.
func (s *Store) VerifyAudit(ctx context.Context) (int64, *domain.AuditBreak, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY id`)
	if err != nil {
		return 0, nil, fmt.Errorf("store: verify audit: %w", err)
	}
	defer rows.Close()
	var checked, wantID int64 = 0, 1
	prev := ""
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return checked, nil, err
		}
		switch {
		case e.ID != wantID:
			return checked, &domain.AuditBreak{ID: wantID, Reason: "missing"}, nil
		case e.PrevHash != prev || e.ComputeHash() != e.Hash:
			return checked, &domain.AuditBreak{ID: e.ID, Reason: "changed"}, nil
		}
		prev, wantID = e.Hash, wantID+1
		checked++
	}
	if err := rows.Err(); err != nil {
		return checked, nil, fmt.Errorf("store: verify audit: %w", err)
	}
	var lastID int64
	var lastHash string
	if err := s.db.QueryRowContext(ctx, `SELECT last_id, last_hash FROM audit_head WHERE id = 1`).Scan(&lastID, &lastHash); err != nil {
		return checked, nil, fmt.Errorf("store: verify audit head: %w", err)
	}
	if lastID != checked || lastHash != prev {
		return checked, &domain.AuditBreak{ID: checked + 1, Reason: "missing"}, nil
	}
	return checked, nil, nil
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
