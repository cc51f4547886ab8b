package web

import (
	"net/http"
	"strconv"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The functioneel beheerder manages accounts and roles. Nothing here shows or
// opens a report: an admin can reset a password but not read a report.

func (s *Server) users(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	users, err := s.store.Users(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "users", s.cat.T(rs.lang, "users.title"), users)
	return nil
}

type newUserPage struct {
	Form    *form
	Checked []roleChoice
}

// roleChoice is one checkbox of the roles fieldset; a slice keeps the order
// of domain.AllRoles.
type roleChoice struct {
	Role domain.Role
	On   bool
}

func choices(selected []domain.Role) []roleChoice {
	out := make([]roleChoice, len(domain.AllRoles))
	for i, r := range domain.AllRoles {
		on := false
		for _, s := range selected {
			on = on || s == r
		}
		out[i] = roleChoice{Role: r, On: on}
	}
	return out
}

func (s *Server) newUserForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "user_new", s.cat.T(state(r).lang, "users.new"),
		newUserPage{Form: &form{Errors: map[string]string{}}, Checked: choices(nil)})
	return nil
}

// createUser adds an account with a generated first password, shown once to
// the admin to hand over; the user sets up two-factor authentication at the
// first login.
func (s *Server) createUser(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	roles := formRoles(r)
	u := &domain.User{
		OrgID: rs.org.ID, Username: r.PostFormValue("username"), DisplayName: r.PostFormValue("display_name"),
		Email: r.PostFormValue("email"), Roles: roles,
	}
	check := *u // Check tidies what it checks; the store checks u again
	errs := check.Check()
	var password string
	if len(errs) == 0 {
		var err error
		if password, err = s.newUserPassword(r, u); err != nil {
			return err
		}
		if err := s.store.CreateUser(r.Context(), store.UserActor(rs.user, rs.session.ID), u); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		s.render(w, r, http.StatusBadRequest, "user_new", s.cat.T(rs.lang, "users.new"), newUserPage{Form: f, Checked: choices(roles)})
		return nil
	}
	return s.renderUser(w, r, http.StatusCreated, u, s.cat.T(rs.lang, "users.created_notice"), password, nil)
}

// newUserPassword generates a new account's first password and sets its
// hash on u.
func (s *Server) newUserPassword(r *http.Request, u *domain.User) (string, error) {
	password, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	password = password[:20]
	u.PasswordHash, err = s.userKeys.HashPassword(r.Context(), password)
	return password, err
}

func formRoles(r *http.Request) []domain.Role {
	var roles []domain.Role
	for _, v := range r.PostForm["roles"] {
		roles = append(roles, domain.Role(v))
	}
	domain.SortRoles(roles)
	return roles
}

type userPage struct {
	Account  *domain.User
	Self     bool
	Notice   string
	Password string
	Form     *form
	Checked  []roleChoice
}

// account loads the user named in the path, within the admin's organisation.
func (s *Server) accountFromPath(r *http.Request) (*domain.User, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.user_not_found")
	}
	return s.store.UserByID(r.Context(), state(r).org.ID, id)
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request) error {
	u, err := s.accountFromPath(r)
	if err != nil {
		return err
	}
	notice := ""
	if done := r.URL.Query().Get("done"); done != "" && s.cat.Has("users.done_"+done) {
		notice = s.cat.T(state(r).lang, "users.done_"+done)
	}
	return s.renderUser(w, r, http.StatusOK, u, notice, "", nil)
}

func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, u *domain.User, notice, password string, f *form) error {
	rs := state(r)
	if f == nil {
		f = &form{Errors: map[string]string{}}
	}
	s.render(w, r, status, "user", u.DisplayName, userPage{
		Account: u, Self: u.ID == rs.user.ID, Notice: notice, Password: password, Form: f, Checked: choices(u.Roles),
	})
	return nil
}

// setUserRoles replaces another account's roles. Admins cannot change their
// own roles: an admin who could make themselves coordinator would undo the
// separation between managing accounts and reading reports.
func (s *Server) setUserRoles(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	u, err := s.othersAccount(r)
	if err != nil {
		return err
	}
	roles := formRoles(r)
	if err := s.store.SetRoles(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, u.ID, roles); err != nil {
		f := newForm(r)
		if !s.fail(f, rs.lang, err) {
			return err
		}
		return s.renderUser(w, r, http.StatusBadRequest, u, "", "", f)
	}
	s.redirect(w, r, s.orgURL(rs.org, "admin/users/"+itoa(int(u.ID))+"?done=roles"))
	return nil
}

func (s *Server) othersAccount(r *http.Request) (*domain.User, error) {
	u, err := s.accountFromPath(r)
	if err != nil {
		return nil, err
	}
	if u.ID == state(r).user.ID {
		return nil, domain.Errorf(domain.EFORBIDDEN, "err.not_on_self")
	}
	return u, nil
}

// resetUserPassword sets a generated password, shown once, and ends the
// account's sessions.
func (s *Server) resetUserPassword(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	u, err := s.othersAccount(r)
	if err != nil {
		return err
	}
	password, err := auth.NewToken()
	if err != nil {
		return err
	}
	password = password[:20]
	hash, err := s.userKeys.HashPassword(r.Context(), password)
	if err != nil {
		return err
	}
	if err := s.store.SetPassword(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, u.ID, hash); err != nil {
		return err
	}
	return s.renderUser(w, r, http.StatusOK, u, s.cat.T(rs.lang, "users.done_password"), password, nil)
}

func (s *Server) resetUserTwoFactor(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "2fa", func(a store.Actor, orgID, userID int64) error {
		return s.store.ResetTwoFactor(r.Context(), a, orgID, userID)
	})
}

func (s *Server) disableUser(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "disabled", func(a store.Actor, orgID, userID int64) error {
		return s.store.SetDisabled(r.Context(), a, orgID, userID, true)
	})
}

func (s *Server) enableUser(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "enabled", func(a store.Actor, orgID, userID int64) error {
		return s.store.SetDisabled(r.Context(), a, orgID, userID, false)
	})
}

func (s *Server) userAction(w http.ResponseWriter, r *http.Request, done string, act func(store.Actor, int64, int64) error) error {
	rs := state(r)
	u, err := s.othersAccount(r)
	if err != nil {
		return err
	}
	if err := act(store.UserActor(rs.user, rs.session.ID), rs.org.ID, u.ID); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "admin/users/"+itoa(int(u.ID))+"?done="+done))
	return nil
}
