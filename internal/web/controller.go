package web

import (
	"net/http"
	"strconv"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The controller's views of the reporting point and the registers it does
// not keep: the reports' metadata (never a narrative, subject or identity)
// and the counts per year of the aggression and gift registers (never a
// record). A user who also handles reports or keeps the registers gets
// their own pages at the same addresses.

// reportsOrMetadata shows a coordinator their report list, and anyone else
// the route lets in (the controller) the metadata of every report.
func (s *Server) reportsOrMetadata(w http.ResponseWriter, r *http.Request) error {
	if state(r).user.HasRole(domain.RoleCoordinator) {
		return s.reportList(w, r)
	}
	return s.reportMetadataList(w, r)
}

// metadataRow is one report of the controller's list.
type metadataRow struct {
	reportRow
	Categories []domain.Category
	Outcomes   []domain.Outcome
}

type metadataPage struct {
	Year  int
	Years []option
	Rows  []metadataRow
}

func (s *Server) reportMetadataList(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	now := s.store.Now()
	year := domain.FilterYear(r.URL.Query().Get("year"))
	if year == 0 {
		year = domain.ThisYear(now)
	}
	reports, err := s.store.ReportsMetadata(ctx, store.UserActor(rs.user, rs.session.ID), rs.org.ID, year)
	if err != nil {
		return err
	}
	chans, err := s.store.Channels(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, c := range chans {
		names[c.ID] = c.Name(rs.lang)
	}
	ids := make([]int64, len(reports))
	for i, rep := range reports {
		ids[i] = rep.ID
	}
	facts, err := s.store.ReportListFacts(ctx, rs.org.ID, ids)
	if err != nil {
		return err
	}
	p := metadataPage{Year: year}
	for _, rep := range reports {
		row := metadataRow{reportRow: newReportRow(rep, names[rep.ChannelID], now)}
		if f := facts[rep.ID]; f != nil {
			row.Categories, row.Outcomes = f.Categories, f.Outcomes
		}
		p.Rows = append(p.Rows, row)
	}
	this := domain.ThisYear(now)
	var years []int
	for y := this; y >= this-10; y-- {
		years = append(years, y)
	}
	p.Years = s.yearOptions(rs.lang, years, year, "", "")
	s.render(w, r, http.StatusOK, "reports_metadata", s.cat.T(rs.lang, "meta.title"), p)
	return nil
}

// aggressionOrCounts shows HR the aggression register, and the controller
// its counts per year.
func (s *Server) aggressionOrCounts(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	if rs.user.HasRole(domain.RoleHR) {
		return s.aggressionList(w, r)
	}
	counts, err := s.store.AggressionCountsByYear(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	p := countsPage{Title: "aggression.title", Intro: "counts.aggression_intro", Caption: "aggression.counts_caption",
		Heads: []string{s.cat.T(rs.lang, "aggression.total")}}
	for _, k := range domain.AggressionKinds {
		p.Heads = append(p.Heads, s.cat.T(rs.lang, "aggression.kind."+string(k)))
	}
	p.Heads = append(p.Heads, s.cat.T(rs.lang, "aggression.police_involved_short"), s.cat.T(rs.lang, "aggression.criminal_complaint_short"),
		s.cat.T(rs.lang, "aggression.aftercare_offered_short"))
	for _, c := range counts {
		row := countsRow{Year: c.Year, Cells: []string{strconv.Itoa(c.Total)}}
		for _, k := range domain.AggressionKinds {
			row.Cells = append(row.Cells, strconv.Itoa(c.ByKind[string(k)]))
		}
		row.Cells = append(row.Cells, strconv.Itoa(c.PoliceInvolved), strconv.Itoa(c.CriminalComplaints), strconv.Itoa(c.AftercareOffered))
		p.Rows = append(p.Rows, row)
	}
	s.render(w, r, http.StatusOK, "register_counts", s.cat.T(rs.lang, p.Title), p)
	return nil
}

// giftsOrCounts shows HR the gift register, and the controller its counts
// per year.
func (s *Server) giftsOrCounts(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	if rs.user.HasRole(domain.RoleHR) {
		return s.giftList(w, r)
	}
	counts, err := s.store.GiftCountsByYear(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	p := countsPage{Title: "gift.title", Intro: "counts.gifts_intro", Caption: "gift.per_year_caption",
		Heads: []string{s.cat.T(rs.lang, "gift.count"), s.cat.T(rs.lang, "gift.total_value")}}
	for _, d := range domain.GiftDecisions {
		p.Heads = append(p.Heads, s.cat.T(rs.lang, "gift.decision."+string(d)))
	}
	for _, c := range counts {
		row := countsRow{Year: c.Year, Cells: []string{strconv.Itoa(c.Total), domain.FormatEuro(c.TotalCents)}}
		for _, d := range domain.GiftDecisions {
			row.Cells = append(row.Cells, strconv.Itoa(c.ByDecision[string(d)]))
		}
		p.Rows = append(p.Rows, row)
	}
	s.render(w, r, http.StatusOK, "register_counts", s.cat.T(rs.lang, p.Title), p)
	return nil
}

// countsPage is a register's counts per year, for the controller.
type countsPage struct {
	Title, Intro, Caption string // message keys
	Heads                 []string
	Rows                  []countsRow
}

type countsRow struct {
	Year  int
	Cells []string
}
