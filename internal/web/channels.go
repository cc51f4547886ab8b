package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The functioneel beheerder decides who handles each reporting channel. As
// everywhere in the admin pages, nothing here shows or opens a report.

type channelsPage struct {
	Channels   []channelRow
	Notice     string
	NewChannel *form
}

type channelRow struct {
	ID      int64
	Name    string
	Choices []handlerOption
	Former  []string // handlers who lost the coordinator role: saving drops them
	Error   string
	NoKey   []string // checked handlers without a key pair yet
}

type handlerOption struct {
	ID       int64
	Name     string
	Checked  bool
	NoKey    bool
	Disabled bool
}

func (s *Server) channels(w http.ResponseWriter, r *http.Request) error {
	notice := ""
	switch r.URL.Query().Get("done") {
	case "saved":
		notice = s.cat.T(state(r).lang, "channels.done_saved")
	case "created":
		notice = s.cat.T(state(r).lang, "channels.done_created")
	}
	return s.renderChannels(w, r, http.StatusOK, notice, 0, "", nil)
}

// createChannel adds a channel of the organisation's own; its handlers are
// chosen next, on the same page.
func (s *Server) createChannel(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	c := &domain.Channel{Code: f.Values.Get("code"), NameNL: f.Values.Get("name_nl"), NameEN: f.Values.Get("name_en")}
	check := *c // Check tidies what it checks; the store checks c again
	errs := check.Check()
	if len(errs) == 0 {
		if err := s.store.CreateChannel(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, c); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderChannelsWith(w, r, http.StatusBadRequest, f)
	}
	s.redirect(w, r, s.orgURL(rs.org, "admin/channels?done=created#channel-"+strconv.FormatInt(c.ID, 10)))
	return nil
}

func (s *Server) renderChannelsWith(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	return s.renderChannelsForm(w, r, status, "", 0, "", nil, f)
}

// renderChannels shows the channels; failed names the channel whose form
// was refused with msg, checked then holds what the admin had ticked.
func (s *Server) renderChannels(w http.ResponseWriter, r *http.Request, status int, notice string, failed int64, msg string, checked []int64) error {
	return s.renderChannelsForm(w, r, status, notice, failed, msg, checked, nil)
}

func (s *Server) renderChannelsForm(w http.ResponseWriter, r *http.Request, status int, notice string, failed int64, msg string, checked []int64, newChannel *form) error {
	rs := state(r)
	if newChannel == nil {
		newChannel = &form{Errors: map[string]string{}}
	}
	ctx := r.Context()
	chans, err := s.store.Channels(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	users, err := s.store.Users(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	hasKey := map[int64]bool{}
	for _, u := range users {
		if !u.HasRole(domain.RoleCoordinator) {
			continue
		}
		_, err := s.store.UserKey(ctx, u.ID)
		switch {
		case err == nil:
			hasKey[u.ID] = true
		case !domain.IsNotFound(err):
			return err
		}
	}
	p := channelsPage{Notice: notice, NewChannel: newChannel}
	for _, c := range chans {
		row := channelRow{ID: c.ID, Name: c.Name(rs.lang)}
		on := c.Handlers
		if c.ID == failed {
			row.Error, on = msg, checked
		}
		for _, u := range users {
			if !u.HasRole(domain.RoleCoordinator) {
				if slices.Contains(c.Handlers, u.ID) {
					row.Former = append(row.Former, u.DisplayName)
				}
				continue
			}
			o := handlerOption{ID: u.ID, Name: u.DisplayName + " (" + u.Username + ")", Checked: slices.Contains(on, u.ID),
				NoKey: !hasKey[u.ID], Disabled: u.Disabled}
			if o.Checked && o.NoKey {
				row.NoKey = append(row.NoKey, u.DisplayName)
			}
			row.Choices = append(row.Choices, o)
		}
		p.Channels = append(p.Channels, row)
	}
	s.render(w, r, status, "channels", s.cat.T(rs.lang, "channels.title"), p)
	return nil
}

func (s *Server) setChannelHandlers(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
	}
	_ = r.ParseForm()
	var ids []int64
	for _, v := range r.PostForm["handlers"] {
		uid, perr := strconv.ParseInt(v, 10, 64)
		if perr != nil {
			err = domain.FieldError("handlers", "err.choice_invalid")
			break
		}
		if !slices.Contains(ids, uid) {
			ids = append(ids, uid)
		}
	}
	if err == nil {
		err = s.store.SetChannelHandlers(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, id, ids)
	}
	if err != nil {
		e := domain.AsError(err)
		if e == nil || e.Code != domain.EINVALID {
			return err
		}
		return s.renderChannels(w, r, http.StatusBadRequest, "", id, s.cat.T(rs.lang, e.Key, e.Args...), ids)
	}
	s.redirect(w, r, s.orgURL(rs.org, "admin/channels?done=saved#channel-"+strconv.FormatInt(id, 10)))
	return nil
}
