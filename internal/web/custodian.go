package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// The custodian (bewaarder) holds the organisation's recovery key on paper,
// decides on requests to see a reporter's identity, and restores a
// handler's access to older reports. The custodian never reads a report:
// nothing here opens one.

type custodianPage struct {
	HasKey     bool
	KeyCreated time.Time
	Pending    []identityRow
	Decided    []identityRow
	Handlers   []option
	Notice     string
	Warning    string // a recovery that restored nothing, or not everything, and why
	KeyError   string
	Recover    *form
	DecideErr  string // why a decision was refused
	// DecideFor and DecideReason: the request whose refusal lacked a
	// reason, and what was typed, to show again at its field.
	DecideFor    int64
	DecideReason string
}

type identityRow struct {
	domain.IdentityRequest
	Basis   string // label of the ground
	Consent string // the reporter's answer, worded for the custodian
}

func (s *Server) custodianPage(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	q := r.URL.Query()
	notice := ""
	switch done := q.Get("done"); done {
	case "approved", "refused":
		notice = s.cat.T(rs.lang, "custodian.done_"+done)
	case "recovered":
		p := s.recoveredNotice(r, q)
		return s.renderCustodian(w, r, http.StatusOK, p)
	}
	return s.renderCustodian(w, r, http.StatusOK, custodianPage{Notice: notice})
}

// recoveredNotice says what a recovery did (the counts come in the
// redirect's query): success only when it restored something; a warning
// with the reason when it restored nothing, and for the reports filed before
// the recovery key, which no recovery can restore.
func (s *Server) recoveredNotice(r *http.Request, q url.Values) custodianPage {
	rs := state(r)
	count := func(k string) int { n, _ := strconv.Atoi(q.Get(k)); return max(n, 0) }
	n, current, noKey := count("n"), count("current"), count("nokey")
	uid, _ := strconv.ParseInt(q.Get("user"), 10, 64)
	name := ""
	if u, err := s.store.UserByID(r.Context(), rs.org.ID, uid); err == nil {
		name = u.DisplayName
	}
	T := func(key string, args ...any) string { return s.cat.T(rs.lang, key, args...) }
	var p custodianPage
	switch {
	case n > 0:
		p.Notice = T("custodian.done_recovered", n, name)
		if noKey > 0 {
			p.Warning = T("custodian.recovered_no_key", noKey)
		}
	case noKey > 0:
		p.Warning = T("custodian.nothing_no_key", name, noKey)
	case current > 0:
		p.Warning = T("custodian.nothing_current", name, current)
	default:
		p.Warning = T("custodian.nothing_none", name)
	}
	return p
}

// renderCustodian fills p with the organisation's key, the identity
// requests and the coordinators, and shows the page.
func (s *Server) renderCustodian(w http.ResponseWriter, r *http.Request, status int, p custodianPage) error {
	rs := state(r)
	ctx := r.Context()
	keys, err := s.store.OrgKeys(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	p.HasKey = keys.RecoveryPublic != ""
	if keys.RecoveryCreatedAt != nil {
		p.KeyCreated = *keys.RecoveryCreatedAt
	}
	reqs, err := s.store.IdentityRequests(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	for _, q := range reqs {
		row := identityRow{IdentityRequest: q, Basis: s.cat.T(rs.lang, "case.basis."+string(q.Basis)), Consent: s.consentText(rs.lang, q)}
		if q.Status == domain.IdentityRequestStatusPending {
			p.Pending = append(p.Pending, row)
		} else if len(p.Decided) < 50 {
			p.Decided = append(p.Decided, row)
		}
	}
	// The oldest request waits longest: it comes first.
	slices.Reverse(p.Pending)
	if p.Recover == nil {
		p.Recover = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	users, err := s.store.Users(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	sel := p.Recover.Values.Get("handler")
	for _, u := range users {
		if u.HasRole(domain.RoleCoordinator) && !u.Disabled && u.ID != rs.user.ID {
			id := strconv.FormatInt(u.ID, 10)
			p.Handlers = append(p.Handlers, option{Value: id, Label: u.DisplayName + " (" + u.Username + ")", Selected: id == sel})
		}
	}
	s.render(w, r, status, "custodian", s.cat.T(rs.lang, "custodian.title"), p)
	return nil
}

// consentText words the reporter's answer to a request for the custodian.
func (s *Server) consentText(lang string, q domain.IdentityRequest) string {
	switch {
	case q.Basis != domain.DisclosureBasisConsent:
		return s.cat.T(lang, "custodian.consent_not_needed")
	case q.Consent == "":
		return s.cat.T(lang, "custodian.consent_awaiting")
	}
	on := ""
	if q.ConsentAt != nil {
		on = q.ConsentAt.In(amsterdam).Format(domain.DisplayLayout)
	}
	return s.cat.T(lang, "custodian.consent_"+string(q.Consent), on)
}

type recoveryKeyPage struct {
	Prefix  string
	Groups  []string
	Created time.Time
}

// createRecoveryKey makes the organisation's recovery key pair, stores the
// public half and shows the private half once, to print. It is not kept
// anywhere: without the paper, reports filed before a handler joined stay
// closed to them.
func (s *Server) createRecoveryKey(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	identity, public, err := seal.NewIdentity()
	if err != nil {
		return err
	}
	if err := s.store.SetRecoveryKey(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, public); err != nil {
		e := domain.AsError(err)
		if e == nil || e.Code != domain.ECONFLICT {
			return err
		}
		return s.renderCustodian(w, r, http.StatusConflict, custodianPage{KeyError: s.cat.T(rs.lang, e.Key)})
	}
	p := recoveryKeyPage{Created: s.store.Now()}
	p.Prefix, p.Groups = recoveryKeyGroups(identity)
	s.render(w, r, http.StatusCreated, "custodian_key", s.cat.T(rs.lang, "custodian.key_title"), p)
	return nil
}

// groupKey splits an identity (AGE-SECRET-KEY-1…) into its prefix and
// groups of four characters, easier to copy by hand; typing it back, the
// spaces do not matter.
func recoveryKeyGroups(identity string) (string, []string) {
	const prefix = "AGE-SECRET-KEY-1"
	rest, ok := strings.CutPrefix(identity, prefix)
	if !ok {
		return "", []string{identity}
	}
	var groups []string
	for len(rest) > 4 {
		groups = append(groups, rest[:4])
		rest = rest[4:]
	}
	return prefix, append(groups, rest)
}

// normaliseKey undoes what copying by hand adds: spaces, line breaks, lower
// case.
func normaliseRecoveryKey(typed string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, typed))
}

// decideIdentity approves or refuses a pending identity request. The store
// refuses a custodian deciding their own request.
func (s *Server) decideIdentity(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	rid, err := strconv.ParseInt(r.PathValue("rid"), 10, 64)
	if err != nil {
		return domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
	}
	decision, reason := r.PostFormValue("decision"), r.PostFormValue("refusal_reason")
	if decision != "approve" && decision != "refuse" {
		err = domain.Errorf(domain.EINVALID, "err.choice_invalid")
	} else {
		err = s.store.DecideIdentity(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, rid, decision == "approve", reason)
	}
	if err != nil {
		e := domain.AsError(err)
		if e == nil || (e.Code != domain.EINVALID && e.Code != domain.EFORBIDDEN) {
			return err
		}
		key := e.Key
		if key == "err.not_on_self" {
			key = "custodian.err_own_request"
		}
		p := custodianPage{DecideErr: s.cat.T(rs.lang, key, e.Args...)}
		if e.Field == "refusal_reason" {
			p.DecideFor, p.DecideReason = rid, reason
		}
		return s.renderCustodian(w, r, statusFor[e.Code], p)
	}
	done := "approved"
	if decision == "refuse" {
		done = "refused"
	}
	s.redirect(w, r, s.orgURL(rs.org, "custodian?done="+done+"#requests"))
	return nil
}

// recoverAccess re-wraps, with the recovery key typed from paper, the
// reports of a handler's channels that they hold no key for. The typed key
// is never shown again, logged or stored.
func (s *Server) recoverAccess(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	key := normaliseRecoveryKey(f.Values.Get("recovery_key"))
	f.Values.Del("recovery_key")
	handlerID, perr := strconv.ParseInt(f.Values.Get("handler"), 10, 64)
	var done store.Recovery
	var err error
	switch {
	case perr != nil:
		err = domain.FieldError("handler", "custodian.err_handler")
	case key == "":
		err = domain.FieldError("recovery_key", "custodian.err_key_required")
	default:
		done, err = s.store.RecoverAccess(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, key, handlerID)
	}
	if err != nil {
		e := domain.AsError(err)
		if e != nil && e.Code == domain.EFORBIDDEN && e.Key == "err.not_on_self" {
			err = &domain.Error{Code: domain.EFORBIDDEN, Key: "custodian.err_recover_self", Field: "handler"}
			e = domain.AsError(err)
		}
		if e == nil || (e.Code != domain.EINVALID && e.Code != domain.EFORBIDDEN) {
			return err
		}
		msg := s.cat.T(rs.lang, e.Key, e.Args...)
		if e.Field != "" {
			f.Errors[e.Field] = msg
		} else {
			f.Error = msg
		}
		return s.renderCustodian(w, r, statusFor[e.Code], custodianPage{Recover: f})
	}
	q := url.Values{"n": {strconv.Itoa(done.Restored)}, "current": {strconv.Itoa(done.Current)},
		"nokey": {strconv.Itoa(done.NoKey)}, "user": {strconv.FormatInt(handlerID, 10)}}
	s.redirect(w, r, s.orgURL(rs.org, "custodian?done=recovered&"+q.Encode()+"#recover"))
	return nil
}
