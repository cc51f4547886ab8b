package web

import (
	"errors"
	"net/http"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

type accountPage struct {
	Notice    string
	CodesLeft int
	Sessions  int
	Password  *form
	Recovery  *form
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	notice := ""
	if key := r.URL.Query().Get("done"); key == "password" || key == "elsewhere" {
		notice = s.cat.T(state(r).lang, "account.done_"+key)
	}
	return s.renderAccount(w, r, http.StatusOK, notice, nil, nil)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, notice string, pw, rec *form) error {
	rs := state(r)
	left, err := s.store.RecoveryCodesLeft(r.Context(), rs.user.ID)
	if err != nil {
		return err
	}
	sessions, err := s.store.CountSessions(r.Context(), rs.user.ID)
	if err != nil {
		return err
	}
	if pw == nil {
		pw = &form{Errors: map[string]string{}}
	}
	if rec == nil {
		rec = &form{Errors: map[string]string{}}
	}
	s.render(w, r, status, "account", s.cat.T(rs.lang, "account.title"), accountPage{
		Notice: notice, CodesLeft: left, Sessions: sessions, Password: pw, Recovery: rec,
	})
	return nil
}

// changePassword needs the current password, applies the password policy,
// and ends the account's other sessions.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	ok, err := s.userKeys.VerifyPassword(r.Context(), rs.user.PasswordHash, r.PostFormValue("current"))
	switch {
	case err != nil || !ok:
		f.Errors["current"] = s.cat.T(rs.lang, "err.password_wrong")
	case r.PostFormValue("new") != r.PostFormValue("confirm"):
		f.Errors["confirm"] = s.cat.T(rs.lang, "err.password_mismatch")
	default:
		if perr := policyError(auth.CheckPasswordPolicy(r.PostFormValue("new"),
			rs.org.Name, rs.org.Slug, rs.user.Username, rs.user.DisplayName, rs.user.Email)); perr != nil {
			f.Errors["new"] = s.cat.T(rs.lang, perr.Key, perr.Args...)
		}
	}
	if len(f.Errors) > 0 {
		return s.renderAccount(w, r, http.StatusBadRequest, "", f, nil)
	}
	hash, err := s.userKeys.HashPassword(r.Context(), r.PostFormValue("new"))
	if err != nil {
		return err
	}
	if err := s.rewrapOnPasswordChange(r.Context(), rs.user, r.PostFormValue("current"), r.PostFormValue("new")); err != nil {
		return err
	}
	identity := sessionIdentity(rs)
	actor := store.UserActor(rs.user, rs.session.ID)
	if err := s.store.SetPassword(r.Context(), actor, rs.org.ID, rs.user.ID, hash); err != nil {
		return err
	}
	// SetPassword ended every session, this one too: start a fresh one.
	_, token, err := s.startSession(w, r, rs.user, domain.StateFull)
	if err != nil {
		return err
	}
	if err := s.putSessionKey(r.Context(), token, identity); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "account?done=password"))
	return nil
}

// policyError translates the auth package's password policy errors.
func policyError(err error) *domain.Error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, auth.ErrPasswordTooShort):
		return domain.FieldError("new", "err.password_short", auth.MinPasswordLength)
	case errors.Is(err, auth.ErrPasswordTooLong):
		return domain.FieldError("new", "err.password_long", auth.MaxPasswordLength)
	case errors.Is(err, auth.ErrPasswordGuessable):
		return domain.FieldError("new", "err.password_guessable")
	}
	return domain.FieldError("new", "err.password_invalid")
}

// newRecoveryCodes replaces the recovery codes after a valid TOTP code, so
// that someone at an unlocked screen cannot take them.
func (s *Server) newRecoveryCodes(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	step, ok := auth.ValidateTOTP(rs.user.TOTPSecret, r.PostFormValue("code"), s.store.Now(), rs.user.TOTPLastStep)
	if !ok || !rs.user.TwoFactorEnrolled() {
		f.Errors["code"] = s.cat.T(rs.lang, "err.code_wrong")
		return s.renderAccount(w, r, http.StatusBadRequest, "", nil, f)
	}
	if err := s.store.UseTOTPStep(r.Context(), rs.user.ID, step); err != nil {
		f.Errors["code"] = s.cat.T(rs.lang, "err.code_used")
		return s.renderAccount(w, r, http.StatusBadRequest, "", nil, f)
	}
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		return err
	}
	if err := s.store.ReplaceRecoveryCodes(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, rs.user.ID, hashes); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "recovery_codes", s.cat.T(rs.lang, "recovery.title"), recoveryPage{Codes: codes, Next: "account"})
	return nil
}

func (s *Server) logoutElsewhere(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	if err := s.store.EndOtherSessions(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.user.ID, auth.HashToken(rs.token)); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "account?done=elsewhere"))
	return nil
}

// dashboardPage holds what needs the user's attention, per role.
type dashboardPage struct {
	Handler     bool // a coordinator: the report summary applies
	Open        int
	Overdue     int
	DueSoon     int
	Unconfirmed int
	Urgent      []urgentItem // the overdue and nearly-due deadlines, the most urgent first
	ByChannel   bool         // the user handles several channels
	Custodian   bool
	Pending     int  // identity requests waiting for a decision
	NoRecovery  bool // the organisation has no recovery key yet
	MyActions   int  // actions of an action plan this user owns
	MyOverdue   int  // of which past their planned period
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	var p dashboardPage
	if rs.user.HasRole(domain.RoleCoordinator) {
		// Counted by the database, and only the reports that may be urgent
		// read: the dashboard does not grow with the open reports.
		open, unconfirmed, err := s.store.OpenReportCounts(ctx, rs.org.ID, rs.user.ID)
		if err != nil {
			return err
		}
		now := s.store.Now()
		candidates, err := s.store.UrgentCandidates(ctx, rs.org.ID, rs.user.ID, now)
		if err != nil {
			return err
		}
		p.Handler, p.Open, p.Unconfirmed = true, open, unconfirmed
		var rows []reportRow
		for _, rep := range candidates {
			row := newReportRow(rep, "", now)
			switch row.urgency() {
			case 0:
				p.Overdue++
			case 1:
				p.DueSoon++
			}
			if row.urgency() <= 1 {
				rows = append(rows, row)
			}
		}
		if p.Urgent, p.ByChannel, err = s.urgentItems(ctx, rs, rows); err != nil {
			return err
		}
	}
	if rs.user.HasRole(domain.RoleCustodian) {
		reqs, err := s.store.IdentityRequests(ctx, rs.org.ID)
		if err != nil {
			return err
		}
		for _, q := range reqs {
			if q.Status == domain.IdentityRequestStatusPending {
				p.Pending++
			}
		}
		keys, err := s.store.OrgKeys(ctx, rs.org.ID)
		if err != nil {
			return err
		}
		p.Custodian, p.NoRecovery = true, keys.RecoveryPublic == ""
	}
	// Whoever owns actions of an action plan finds them here: an owner need
	// not hold any role.
	mine, err := s.store.ActionsOwnedBy(ctx, rs.org.ID, rs.user.ID)
	if err != nil {
		return err
	}
	today := domain.Today(s.store.Now())
	for i := range mine {
		p.MyActions++
		if mine[i].OverdueOn(today) {
			p.MyOverdue++
		}
	}
	s.render(w, r, http.StatusOK, "dashboard", s.cat.T(rs.lang, "dashboard.title"), p)
	return nil
}
