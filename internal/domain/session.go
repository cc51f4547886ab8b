package domain

import "time"

// SessionState says how far a login has come. Only StateFull may use the
// application; the other states may only finish the login.
type SessionState string

const (
	StateSecondFactor SessionState = "second_factor" // password right, TOTP code still due
	StateEnrol        SessionState = "enrol"         // password right, must enrol TOTP first
	StateFull         SessionState = "full"          // logged in
)

// Session is a staff login. It is stored by the hash of its token, so a copy of
// the database cannot be used to take one over.
type Session struct {
	ID         string // short random reference naming the session in the audit log
	TokenHash  []byte
	OrgID      int64
	UserID     int64
	State      SessionState
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute end, whatever the activity
	KeyWrapped []byte    // a handler's private key, sealed under a key only the cookie carries
	SSO        bool      // begun through single sign-on: the logout offers the provider's too
}
