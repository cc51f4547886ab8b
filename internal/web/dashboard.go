package web

import (
	"context"
	"net/http"
	"slices"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// urgentItem is one line of the dashboard's list of deadlines that need the
// coordinator now: overdue, or due within the week.
type urgentItem struct {
	ID       int64
	Number   string
	Channel  string // the reporting channel's name
	Source   domain.Source
	What     string // message key of the deadline: case.deadline_ack or case.deadline_feedback
	Deadline caseDeadline
}

// urgentItems turns the overdue and nearly-due rows into the dashboard's
// list, the most urgent first, with each report's channel named; it also
// says whether the user handles more than one channel.
func (s *Server) urgentItems(ctx context.Context, rs *requestState, rows []reportRow) ([]urgentItem, bool, error) {
	chans, err := s.store.Channels(ctx, rs.org.ID)
	if err != nil {
		return nil, false, err
	}
	names, mine := map[int64]string{}, 0
	for _, c := range chans {
		names[c.ID] = c.Name(rs.lang)
		if slices.Contains(c.Handlers, rs.user.ID) {
			mine++
		}
	}
	sortRows(rows)
	items := make([]urgentItem, 0, len(rows))
	for _, row := range rows {
		what := "case.deadline_ack"
		if !row.Ack.Open() {
			what = "case.deadline_feedback"
		}
		items = append(items, urgentItem{ID: row.R.ID, Number: row.R.Number, Channel: names[row.R.ChannelID],
			Source: row.R.Source, What: what, Deadline: *row.Next})
	}
	return items, mine > 1, nil
}

// absoluteURL is path on this server as someone outside can type it: under
// base_url when it is set, else under the scheme and host the request came
// to (the address the coordinator's own browser used).
func (s *Server) absoluteURL(r *http.Request, path string) string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL + path
	}
	scheme := "http"
	if s.isSecure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// fillListColumns adds to the rows of a page of the report list what the
// report itself does not carry: the subject (opened with the handler's key;
// left out where they hold none), the first allegation's category and the
// assignees' names.
func (s *Server) fillListColumns(r *http.Request, rows []reportRow) error {
	rs := state(r)
	ctx := r.Context()
	ids := make([]int64, len(rows))
	for i, row := range rows {
		ids[i] = row.R.ID
	}
	facts, err := s.store.ReportListFacts(ctx, rs.org.ID, ids)
	if err != nil {
		return err
	}
	subjects := map[int64]string{}
	if kr, err := s.keyring(r); err == nil {
		if subjects, err = s.store.ReportSubjects(ctx, store.UserActor(rs.user, rs.session.ID), rs.org.ID, kr, ids); err != nil {
			return err
		}
	}
	users, err := s.store.Users(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = u.DisplayName
	}
	for i := range rows {
		row := &rows[i]
		row.Subject = subjects[row.R.ID]
		if f := facts[row.R.ID]; f != nil {
			if len(f.Categories) > 0 {
				row.Category = f.Categories[0]
			}
			for _, id := range f.Assignees {
				row.Assignees = append(row.Assignees, names[id])
			}
		}
	}
	return nil
}
