package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// AuditEntry is one line of the append-only audit log. Each entry carries the
// hash of the previous one; changing or removing any entry breaks the chain
// from there on, which `integer audit verify` detects.
type AuditEntry struct {
	ID         int64
	OrgID      int64 // 0 for installation-wide actions (e.g. creating an organisation)
	At         time.Time
	ActorID    int64  // 0 when not a logged-in user (the CLI, a reporter, the system)
	Actor      string // username, "cli", "system" or "reporter"
	SessionRef string // which session acted; never an IP address
	Action     string // e.g. "user.login", "report.read"
	ObjectType string
	ObjectID   string
	Detail     string
	PrevHash   string
	Hash       string
}

// AuditFilter narrows an audit log listing.
type AuditFilter struct {
	OrgID    int64
	Action   string // prefix match, e.g. "user."
	Actor    string
	From     time.Time
	To       time.Time
	BeforeID int64 // paging: entries with a smaller ID
	Limit    int
}

// ComputeHash returns the entry's unkeyed chain hash: SHA-256 over
// HashInput. Entries written before the installation had an audit key carry
// it; later ones carry the keyed hash of package audit.
func (e *AuditEntry) ComputeHash() string {
	sum := sha256.Sum256(e.HashInput())
	return hex.EncodeToString(sum[:])
}

// HashInput is what an entry's chain hash covers: the previous entry's hash
// and every field of this one, in a fixed JSON encoding. The time is taken
// in UTC at microsecond precision, what both database engines keep.
func (e *AuditEntry) HashInput() []byte {
	fields := struct {
		ID         int64  `json:"id"`
		OrgID      int64  `json:"org"`
		At         string `json:"at"`
		ActorID    int64  `json:"actor_id"`
		Actor      string `json:"actor"`
		SessionRef string `json:"session"`
		Action     string `json:"action"`
		ObjectType string `json:"object_type"`
		ObjectID   string `json:"object_id"`
		Detail     string `json:"detail"`
		PrevHash   string `json:"prev"`
	}{e.ID, e.OrgID, e.At.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano), e.ActorID, e.Actor,
		e.SessionRef, e.Action, e.ObjectType, e.ObjectID, e.Detail, e.PrevHash}
	b, err := json.Marshal(fields)
	if err != nil {
		panic(err) // a struct of strings and integers always encodes
	}
	return b
}

// AuditBreak names the first entry where the chain does not hold.
type AuditBreak struct {
	ID int64
	// Reason is "changed" (the entry's hash does not hold), "missing" (an
	// entry or the log's tail is gone), "cut" (the log ends before the
	// checkpoint's entry) or "rewritten" (the checkpoint's entry now has
	// another hash: something at or before it was rewritten).
	Reason string
}
