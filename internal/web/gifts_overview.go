package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The overview of the gifts register per year and per giver: how many
// gifts, of what total value, and which givers show up often (three times
// or more in a year), those first.

type giftOverviewPage struct {
	Year      int
	Years     []option
	Heads     []string // the decisions' labels
	Counts    []giftCountRow
	Givers    []giftGiverRow
	Frequent  int // givers marked as frequent
	MinCount  int // domain.FrequentGiverCount
	ExportCSV string
	ExportXLS string
}

type giftCountRow struct {
	Year       int
	Total      int
	Value      string
	ByDecision []int // in the order of domain.GiftDecisions
	ListURL    string
}

type giftGiverRow struct {
	G       domain.GiftGiver
	Value   string
	ListURL string // the year's list narrowed to this giver
}

func (s *Server) giftOverview(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	q := r.URL.Query()
	year := domain.FilterYear(q.Get("year"))
	if year == 0 {
		year = domain.ThisYear(s.store.Now())
	}
	givers, err := s.store.GiftGivers(ctx, rs.org.ID, year)
	if err != nil {
		return err
	}
	if format := exportFormat(r); format != "" {
		return s.giftGiversExport(w, r, format, year, givers)
	}
	counts, err := s.store.GiftCountsByYear(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	listURL := func(y int, giver string) string {
		v := url.Values{"year": {strconv.Itoa(y)}}
		if giver != "" {
			v.Set("giver", giver)
		}
		return s.orgURL(rs.org, "gifts?"+v.Encode())
	}
	p := giftOverviewPage{Year: year, MinCount: domain.FrequentGiverCount,
		ExportCSV: s.exportURL(rs.org, "gifts/overview", url.Values{"year": {strconv.Itoa(year)}}, "csv"),
		ExportXLS: s.exportURL(rs.org, "gifts/overview", url.Values{"year": {strconv.Itoa(year)}}, "xlsx")}
	var years []int
	for _, c := range counts {
		years = append(years, c.Year)
		row := giftCountRow{Year: c.Year, Total: c.Total, Value: domain.FormatEuroIn(rs.lang, c.TotalCents), ListURL: listURL(c.Year, "")}
		for _, d := range domain.GiftDecisions {
			row.ByDecision = append(row.ByDecision, c.ByDecision[string(d)])
		}
		p.Counts = append(p.Counts, row)
	}
	p.Years = s.yearOptions(rs.lang, years, year, "", "") // a year, not "every year"
	for _, d := range domain.GiftDecisions {
		p.Heads = append(p.Heads, s.cat.T(rs.lang, "gift.decision."+string(d)))
	}
	for _, g := range givers {
		if g.Frequent {
			p.Frequent++
		}
		p.Givers = append(p.Givers, giftGiverRow{G: g, Value: domain.FormatEuroIn(rs.lang, g.TotalCents), ListURL: listURL(year, g.Giver)})
	}
	s.render(w, r, http.StatusOK, "gift_overview", s.cat.T(rs.lang, "gift.overview_title"), p)
	return nil
}

// giftGiversExport sends the year's givers as the page shows them and
// audits the export.
func (s *Server) giftGiversExport(w http.ResponseWriter, r *http.Request, format string, year int, givers []domain.GiftGiver) error {
	rs := state(r)
	T := func(key string, args ...any) string { return s.cat.T(rs.lang, key, args...) }
	t := table{Name: T("gift.givers_export_name") + "-" + strconv.Itoa(year), Title: T("gift.givers_export_title") + " " + strconv.Itoa(year),
		Headers: []string{T("gift.giver"), T("gift.count"), T("gift.value_eur"), T("gift.recipients"), T("gift.frequent")}}
	for _, g := range givers {
		frequent := T("gift.no")
		if g.Frequent {
			frequent = T("gift.yes")
		}
		t.Rows = append(t.Rows, []any{g.Giver, intCell(g.Count), moneyCell(g.TotalCents), intCell(g.Recipients), frequent})
	}
	detail := format + " year=" + strconv.Itoa(year) + " rows=" + strconv.Itoa(len(givers))
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID).In(rs.org.ID), "gift.export_givers", "gifts", "", detail); err != nil {
		return err
	}
	return s.export(w, format, t)
}
