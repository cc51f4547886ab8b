package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// Dilemma sessions. Any member of staff may facilitate one (a team leader
// in a team meeting); the coordinator, HR and the controller keep the
// organisation's own dilemmas. A participant joins from a phone with the
// code on the shared screen, without an account: a random token in a
// cookie of the join path makes one vote per phone per dilemma, and only
// its hash is stored, until the session closes. Both screens work without
// JavaScript (a refresh); dilemma-live.js, where it runs, refreshes them
// when the session's version changes.

// dilemmaVoterCookie holds a participant's random token.
const dilemmaVoterCookie = "integer_dilemma"

type dilemmasPage struct {
	Form       *form
	Audiences  []option
	Sessions   []*domain.DilemmaSession
	Themes     []dilemmaTheme
	Own        []domain.Dilemma
	DeckSize   int
	CanKeepOwn bool
	OwnForm    *form
	OwnThemes  []option
	OwnAud     []option
	Notice     string
}

type dilemmaTheme struct {
	Code     string
	Dilemmas []dilemmaView
}

type dilemmaView struct {
	Ref, Title, Text, Audience string
	Options                    []string
	Own                        bool
	OwnID                      int64
}

func (s *Server) viewDilemma(lang string, d domain.Dilemma) dilemmaView {
	t := d.In(lang)
	return dilemmaView{Ref: d.Ref, Title: t.Title, Text: t.Text, Options: t.Options, Own: d.OwnID != 0, OwnID: d.OwnID,
		Audience: s.cat.T(lang, "dilemma.audience."+string(d.Audience))}
}

// canKeepDilemmas reports whether the user keeps the organisation's own
// dilemmas.
func canKeepDilemmas(u *domain.User) bool {
	return u.HasRole(domain.RoleCoordinator) || u.HasRole(domain.RoleHR) || u.HasRole(domain.RoleController)
}

func (s *Server) dilemmasPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderDilemmas(w, r, http.StatusOK, newEmptyForm(), newEmptyForm())
}

func newEmptyForm() *form { return &form{Values: url.Values{}, Errors: map[string]string{}} }

func (s *Server) renderDilemmas(w http.ResponseWriter, r *http.Request, status int, start, own *form) error {
	rs := state(r)
	ctx := r.Context()
	sessions, err := s.store.DilemmaSessions(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	// A facilitator sees their own sessions; those who keep the own
	// dilemmas see every session of the organisation.
	if !canKeepDilemmas(rs.user) {
		sessions = slices.DeleteFunc(sessions, func(ds *domain.DilemmaSession) bool { return ds.FacilitatorID != rs.user.ID })
	}
	owns, err := s.store.OwnDilemmas(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	deck := domain.DilemmaDeck()
	p := dilemmasPage{Form: start, Sessions: sessions, DeckSize: len(deck), Own: owns, CanKeepOwn: canKeepDilemmas(rs.user), OwnForm: own,
		Audiences: s.options(rs.lang, "dilemma.audience.", domain.Strings(domain.DilemmaAudiences), cmpOr(start.Values.Get("audience"), string(domain.DilemmaOfficials))),
		OwnThemes: s.options(rs.lang, "dilemma.theme.", domain.DilemmaThemes, own.Values.Get("theme")),
		OwnAud:    s.options(rs.lang, "dilemma.audience.", domain.Strings(domain.DilemmaAudiences), cmpOr(own.Values.Get("audience"), string(domain.DilemmaOfficials)))}
	for _, theme := range domain.DilemmaThemes {
		t := dilemmaTheme{Code: theme}
		for _, d := range deck {
			if d.Theme == theme {
				t.Dilemmas = append(t.Dilemmas, s.viewDilemma(rs.lang, d))
			}
		}
		p.Themes = append(p.Themes, t)
	}
	switch r.URL.Query().Get("done") {
	case "own_saved":
		p.Notice = s.cat.T(rs.lang, "dilemma.own_saved")
	case "own_deleted":
		p.Notice = s.cat.T(rs.lang, "dilemma.own_deleted")
	}
	s.render(w, r, status, "dilemmas", s.cat.T(rs.lang, "dilemma.title"), p)
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// startDilemmaSession opens a session and shows its screen.
func (s *Server) startDilemmaSession(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	ds := &domain.DilemmaSession{Title: f.Values.Get("title"), Audience: domain.DilemmaAudience(f.Values.Get("audience")), FacilitatorID: rs.user.ID}
	if err := s.store.StartDilemmaSession(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, ds); err != nil {
		if !s.fail(f, rs.lang, err) {
			return err
		}
		return s.renderDilemmas(w, r, http.StatusBadRequest, f, newEmptyForm())
	}
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("dilemmas/sessions/%d", ds.ID)))
	return nil
}

// createOwnDilemma adds one of the organisation's own dilemmas.
func (s *Server) createOwnDilemma(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	d := &domain.Dilemma{Audience: domain.DilemmaAudience(f.Values.Get("audience")), Theme: f.Values.Get("theme"),
		NL: domain.DilemmaText{Title: f.Values.Get("title"), Text: f.Values.Get("text"), Options: strings.Split(f.Values.Get("options"), "\n")}}
	errs := d.Check()
	if len(errs) == 0 {
		if err := s.store.CreateDilemma(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, d); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderDilemmas(w, r, http.StatusBadRequest, newEmptyForm(), f)
	}
	s.redirect(w, r, s.orgURL(rs.org, "dilemmas?done=own_saved#own"))
	return nil
}

func (s *Server) deleteOwnDilemma(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := acPathID(r, "err.dilemma_not_found")
	if err != nil {
		return err
	}
	if err := s.store.DeleteDilemma(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, id); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "dilemmas?done=own_deleted#own"))
	return nil
}

// dilemmaSessionFor returns the session of the path for its facilitator
// (or anyone who keeps the own dilemmas); others get ENOTFOUND.
func (s *Server) dilemmaSessionFor(r *http.Request) (*domain.DilemmaSession, error) {
	rs := state(r)
	id, err := acPathID(r, "err.dilemma_session_not_found")
	if err != nil {
		return nil, err
	}
	ds, err := s.store.DilemmaSession(r.Context(), rs.org.ID, id)
	if err != nil {
		return nil, err
	}
	if ds.FacilitatorID != rs.user.ID && !canKeepDilemmas(rs.user) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.dilemma_session_not_found")
	}
	return ds, nil
}

type dilemmaScreenPage struct {
	Session   *domain.DilemmaSession
	JoinURL   string
	Current   *dilemmaView
	Votes     []dilemmaVote
	Total     int
	StepTitle string
	StepQ     string
	Steps     int
	Choices   []option // dilemmas to choose from
	Form      *form
	Notice    string
	Summary   []dilemmaRoundView
	LiveURL   string
	PrevStep  int
	NextStep  int
}

type dilemmaVote struct {
	Option string
	Count  int
}

type dilemmaRoundView struct {
	N          int
	Title      string
	Votes      []dilemmaVote
	Conclusion string
}

func (s *Server) dilemmaScreen(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.dilemmaSessionFor(r)
	if err != nil {
		return err
	}
	f := newEmptyForm()
	if ds.Current() != nil {
		f.Values.Set("conclusion", ds.Current().Conclusion)
	}
	return s.renderDilemmaScreen(w, r, http.StatusOK, ds, f)
}

func (s *Server) renderDilemmaScreen(w http.ResponseWriter, r *http.Request, status int, ds *domain.DilemmaSession, f *form) error {
	rs := state(r)
	ctx := r.Context()
	p := dilemmaScreenPage{Session: ds, JoinURL: s.cfg.BaseURL + s.orgURL(rs.org, "join"), Steps: domain.DilemmaSteps, Form: f,
		LiveURL: s.orgURL(rs.org, fmt.Sprintf("dilemmas/sessions/%d/version", ds.ID))}
	switch r.URL.Query().Get("done") {
	case "conclusion":
		p.Notice = s.cat.T(rs.lang, "dilemma.conclusion_saved")
	case "closed":
		p.Notice = s.cat.T(rs.lang, "dilemma.closed_notice", ds.Participants)
	}
	for _, round := range ds.Rounds {
		d, err := s.store.DilemmaByRef(ctx, rs.org.ID, round.Ref)
		if err != nil && !domain.IsNotFound(err) {
			return err
		}
		v := s.viewDilemma(rs.lang, d)
		votes, total := dilemmaVotes(v.Options, round.Votes)
		if round.Round == ds.Round && ds.Open() {
			p.Current, p.Votes, p.Total = &v, votes, total
		}
		p.Summary = append(p.Summary, dilemmaRoundView{N: round.Round, Title: v.Title, Votes: votes, Conclusion: round.Conclusion})
	}
	p.PrevStep, p.NextStep = ds.Step-1, ds.Step+1
	if ds.Step > 0 {
		p.StepTitle = s.cat.T(rs.lang, "dilemma.step."+strconv.Itoa(ds.Step))
		p.StepQ = s.cat.T(rs.lang, "dilemma.step."+strconv.Itoa(ds.Step)+".q")
	}
	if ds.Open() {
		played := map[string]bool{}
		for _, round := range ds.Rounds {
			played[round.Ref] = true
		}
		owns, err := s.store.OwnDilemmas(ctx, rs.org.ID)
		if err != nil {
			return err
		}
		for _, d := range append(domain.DilemmaDeck(), owns...) {
			if d.ForAudience(ds.Audience) && !played[d.Ref] {
				label := d.In(rs.lang).Title
				if d.OwnID != 0 {
					label += " (" + s.cat.T(rs.lang, "dilemma.own_label") + ")"
				}
				p.Choices = append(p.Choices, option{Value: d.Ref, Label: label})
			}
		}
	}
	s.render(w, r, status, "dilemma_screen", s.cat.T(rs.lang, "dilemma.screen_title"), p)
	return nil
}

// dilemmaVotes lists the votes per option of a dilemma, and their total.
func dilemmaVotes(options []string, votes map[int]int) ([]dilemmaVote, int) {
	out := make([]dilemmaVote, len(options))
	total := 0
	for i, o := range options {
		out[i] = dilemmaVote{Option: o, Count: votes[i]}
		total += votes[i]
	}
	return out, total
}

// dilemmaAction is the facilitator's button: draw (a chosen or a random
// dilemma), step (to a step), conclusion, close.
func (s *Server) dilemmaAction(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	ds, err := s.dilemmaSessionFor(r)
	if err != nil {
		return err
	}
	actor := store.UserActor(rs.user, rs.session.ID)
	f := newForm(r)
	done := ""
	switch r.PathValue("action") {
	case "draw":
		ref := f.Values.Get("dilemma")
		if ref == "" || ref == "random" {
			ref, err = s.randomDilemma(r, ds)
			if err != nil {
				return err
			}
		}
		err = s.store.DrawDilemma(ctx, actor, rs.org.ID, ds.ID, ref)
	case "step":
		step, convErr := strconv.Atoi(f.Values.Get("step"))
		if convErr != nil {
			return domain.Errorf(domain.EINVALID, "err.choice_invalid")
		}
		err = s.store.SetDilemmaStep(ctx, actor, rs.org.ID, ds.ID, step)
	case "conclusion":
		err = s.store.KeepDilemmaConclusion(ctx, actor, rs.org.ID, ds.ID, f.Values.Get("conclusion"))
		done = "?done=conclusion"
	case "close":
		title := ds.Title
		if title == "" {
			title = s.cat.T(rs.lang, "dilemma.activity_title")
		}
		_, err = s.store.CloseDilemmaSession(ctx, actor, rs.org.ID, ds.ID, domain.Today(s.store.Now()).UTCMidnight().Add(12*time.Hour), title)
		done = "?done=closed"
	default:
		return domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
	}
	if err != nil {
		if !s.fail(f, rs.lang, err) {
			return err
		}
		fresh, ferr := s.store.DilemmaSession(ctx, rs.org.ID, ds.ID)
		if ferr != nil {
			return ferr
		}
		return s.renderDilemmaScreen(w, r, http.StatusBadRequest, fresh, f)
	}
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("dilemmas/sessions/%d%s", ds.ID, done)))
	return nil
}

// randomDilemma draws a dilemma for the session's audience that it has not
// played yet, from the deck and the organisation's own.
func (s *Server) randomDilemma(r *http.Request, ds *domain.DilemmaSession) (string, error) {
	owns, err := s.store.OwnDilemmas(r.Context(), ds.OrgID)
	if err != nil {
		return "", err
	}
	var refs []string
	for _, d := range append(domain.DilemmaDeck(), owns...) {
		if d.ForAudience(ds.Audience) && !slices.ContainsFunc(ds.Rounds, func(x domain.DilemmaRound) bool { return x.Ref == d.Ref }) {
			refs = append(refs, d.Ref)
		}
	}
	if len(refs) == 0 {
		return "", domain.Errorf(domain.ECONFLICT, "err.dilemma_not_found")
	}
	n, err := rand.Int(rand.Reader, big.NewInt(int64(len(refs))))
	if err != nil {
		return "", err
	}
	return refs[n.Int64()], nil
}

// dilemmaVersion answers the session's version for the screens' script.
func (s *Server) dilemmaVersion(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.dilemmaSessionFor(r)
	if err != nil {
		return err
	}
	return writeDilemmaVersion(w, ds)
}

func writeDilemmaVersion(w http.ResponseWriter, ds *domain.DilemmaSession) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	return json.NewEncoder(w).Encode(map[string]any{"version": ds.Version, "open": ds.Open()})
}

// The participant's pages (public).

type dilemmaJoinPage struct {
	Form *form
}

func (s *Server) dilemmaJoinForm(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	s.render(w, r, http.StatusOK, "dilemma_join", s.cat.T(rs.lang, "dilemma.join_title"), dilemmaJoinPage{Form: newEmptyForm()})
	return nil
}

// dilemmaJoin takes the typed code to the session's phone page.
func (s *Server) dilemmaJoin(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	code := domain.NormalizeDilemmaCode(f.Values.Get("code"))
	if code == "" {
		f.Errors["code"] = s.cat.T(rs.lang, "err.dilemma_code_required")
	} else if _, err := s.store.OpenDilemmaSession(r.Context(), rs.org.ID, code); err != nil {
		if !domain.IsNotFound(err) {
			return err
		}
		f.Errors["code"] = s.cat.T(rs.lang, "err.dilemma_session_not_found")
	}
	if len(f.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "dilemma_join", s.cat.T(rs.lang, "dilemma.join_title"), dilemmaJoinPage{Form: f})
		return nil
	}
	s.redirect(w, r, s.orgURL(rs.org, "join/"+code))
	return nil
}

type dilemmaPhonePage struct {
	Code    string
	Ended   bool
	Current *dilemmaView
	Round   int
	Voting  bool
	Voted   bool
	Options []check
	Form    *form
	LiveURL string
	Version int64
}

// voterHash returns the hash under which the participant's vote is kept,
// setting a new random token in the participant's cookie when there is
// none. The hash names the session too, so that a token seen in two
// sessions cannot be linked across them.
func (s *Server) voterHash(w http.ResponseWriter, r *http.Request, sessionID int64, create bool) []byte {
	token := ""
	if c, err := r.Cookie(dilemmaVoterCookie); err == nil && len(c.Value) >= 32 {
		token = c.Value
	} else if create {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		token = base64.RawURLEncoding.EncodeToString(b)
		http.SetCookie(w, &http.Cookie{Name: dilemmaVoterCookie, Value: token, Path: s.orgURL(state(r).org, "join"),
			HttpOnly: true, Secure: state(r).secure, SameSite: http.SameSiteStrictMode, MaxAge: 12 * 3600})
	} else {
		return nil
	}
	h := sha256.Sum256([]byte("integer dilemma vote\x00" + strconv.FormatInt(sessionID, 10) + "\x00" + token))
	return h[:]
}

func (s *Server) dilemmaPhone(w http.ResponseWriter, r *http.Request) error {
	return s.renderDilemmaPhone(w, r, http.StatusOK, newEmptyForm())
}

func (s *Server) renderDilemmaPhone(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	rs := state(r)
	ctx := r.Context()
	code := domain.NormalizeDilemmaCode(r.PathValue("code"))
	p := dilemmaPhonePage{Code: code, Form: f, LiveURL: s.orgURL(rs.org, "join/"+code+"/version")}
	ds, err := s.store.OpenDilemmaSession(ctx, rs.org.ID, code)
	if domain.IsNotFound(err) {
		p.Ended = true
		s.render(w, r, http.StatusOK, "dilemma_phone", s.cat.T(rs.lang, "dilemma.join_title"), p)
		return nil
	}
	if err != nil {
		return err
	}
	p.Version = ds.Version
	if cur := ds.Current(); cur != nil {
		d, err := s.store.DilemmaByRef(ctx, rs.org.ID, cur.Ref)
		if err != nil {
			return err
		}
		v := s.viewDilemma(rs.lang, d)
		p.Current, p.Round, p.Voting = &v, cur.Round, ds.Voting()
		if voter := s.voterHash(w, r, ds.ID, true); voter != nil {
			if p.Voted, err = s.store.HasVoted(ctx, ds.ID, cur.Round, voter); err != nil {
				return err
			}
		}
		for i, o := range v.Options {
			n := strconv.Itoa(i)
			p.Options = append(p.Options, check{Value: n, Label: o, Checked: f.Values.Get("choice") == n})
		}
	}
	s.render(w, r, status, "dilemma_phone", s.cat.T(rs.lang, "dilemma.join_title"), p)
	return nil
}

// dilemmaVote records a participant's vote.
func (s *Server) dilemmaVote(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	f := newForm(r)
	code := domain.NormalizeDilemmaCode(r.PathValue("code"))
	ds, err := s.store.OpenDilemmaSession(ctx, rs.org.ID, code)
	if err != nil {
		if domain.IsNotFound(err) {
			return s.renderDilemmaPhone(w, r, http.StatusOK, f)
		}
		return err
	}
	round, _ := strconv.Atoi(f.Values.Get("round"))
	choice, convErr := strconv.Atoi(f.Values.Get("choice"))
	if convErr != nil {
		choice = -1
	}
	voter := s.voterHash(w, r, ds.ID, true)
	if err := s.store.VoteDilemma(ctx, rs.org.ID, code, round, voter, choice); err != nil {
		if !s.fail(f, rs.lang, err) {
			return err
		}
		return s.renderDilemmaPhone(w, r, http.StatusBadRequest, f)
	}
	s.redirect(w, r, s.orgURL(rs.org, "join/"+code))
	return nil
}

// dilemmaPhoneVersion answers the session's version for the phone's script
// (a session that ended answers open: false).
func (s *Server) dilemmaPhoneVersion(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ds, err := s.store.OpenDilemmaSession(r.Context(), rs.org.ID, r.PathValue("code"))
	if domain.IsNotFound(err) {
		ds, err = &domain.DilemmaSession{ClosedAt: &time.Time{}}, nil
	}
	if err != nil {
		return err
	}
	return writeDilemmaVersion(w, ds)
}
