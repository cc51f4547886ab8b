package store

import "github.com/integer-nl/integer/internal/domain"

// Actor is who performs a change, as the audit log records it. Every public
// store method that changes something takes one, so no change goes unaudited.
type Actor struct {
	OrgID      int64
	UserID     int64
	Name       string // username, or "cli", "system", "reporter"
	SessionRef string
}

// CLI is the actor for commands run on the server by its operator.
var CLI = Actor{Name: "cli"}

// System is the actor for the program's own scheduled work.
var System = Actor{Name: "system"}

// UserActor is the actor for a logged-in user acting in a session.
func UserActor(u *domain.User, sessionRef string) Actor {
	return Actor{OrgID: u.OrgID, UserID: u.ID, Name: u.Username, SessionRef: sessionRef}
}

// In returns the actor acting within organisation orgID (the CLI and the
// system act for whichever organisation the command names).
func (a Actor) In(orgID int64) Actor {
	if a.OrgID == 0 {
		a.OrgID = orgID
	}
	return a
}
