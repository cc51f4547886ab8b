package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// Gifts and invitations (geschenken en uitnodigingen): HR keeps the
// register of what people of the organisation were offered and decides on
// each; above the organisation's threshold a gift may be accepted only with
// permission, which the forms enforce. Employees report their own at
// /{org}/my/gifts (my.go). The list and its export are here, the forms in
// gifts_form.go, the overview per year and per giver in gifts_overview.go.

type giftListPage struct {
	Rows          []giftRow
	Years         []option
	Decisions     []option
	Kinds         []option
	Recipients    []option
	Sorts         []option
	Giver         string
	Total         string // the list's total value
	Threshold     string // "€ 50,00"
	ThresholdForm *form
	Notice        string
	ExportCSV     string
	ExportXLS     string
	OverviewURL   string
}

// giftRow is a gift as lists show it.
type giftRow struct {
	G        *domain.Gift
	Kind     string
	Decision string
	Badge    string // the decision badge's modifier; the text says it too
	Above    bool   // above the threshold
}

// giftBadge is the status badge's modifier for a decision.
func giftBadge(decision domain.GiftDecision) string {
	switch decision {
	case domain.GiftDecisionPending:
		return "warning"
	case domain.GiftDecisionAccepted, domain.GiftDecisionAcceptedWithPermission:
		return "success"
	}
	return "neutral"
}

func (s *Server) giftRows(lang string, list []*domain.Gift, threshold int64) []giftRow {
	rows := make([]giftRow, 0, len(list))
	for _, g := range list {
		rows = append(rows, giftRow{G: g, Kind: s.cat.T(lang, "gift.kind."+string(g.Kind)), Decision: s.cat.T(lang, "gift.decision."+string(g.Decision)),
			Badge: giftBadge(g.Decision), Above: g.NeedsPermission(threshold)})
	}
	return rows
}

// giftFilter reads the list's filters from the query; anything unknown is
// ignored, so a hand-edited address shows the full list.
func giftFilter(q url.Values) store.GiftFilter {
	f := store.GiftFilter{Year: domain.FilterYear(q.Get("year")), Decision: q.Get("decision"), Kind: q.Get("kind"),
		Giver: domain.GiverKey(q.Get("giver")), Sort: q.Get("sort")}
	if len([]rune(f.Giver)) > domain.MaxGiftGiverRunes {
		f.Giver = ""
	}
	if id, err := strconv.ParseInt(q.Get("person"), 10, 64); err == nil && id > 0 {
		f.PersonID = id
	}
	if !slices.Contains(domain.GiftDecisions, domain.GiftDecision(f.Decision)) {
		f.Decision = ""
	}
	if !slices.Contains(domain.GiftKinds, domain.GiftKind(f.Kind)) {
		f.Kind = ""
	}
	if !slices.Contains(store.GiftSorts, f.Sort) {
		f.Sort = "date"
	}
	return f
}

func (s *Server) giftList(w http.ResponseWriter, r *http.Request) error {
	return s.renderGiftList(w, r, http.StatusOK, nil)
}

// renderGiftList shows the list with the threshold form; tf is the form as
// typed when setting the threshold failed, nil otherwise.
func (s *Server) renderGiftList(w http.ResponseWriter, r *http.Request, status int, tf *form) error {
	rs := state(r)
	ctx := r.Context()
	q := r.URL.Query()
	f := giftFilter(q)
	list, err := s.store.Gifts(ctx, rs.org.ID, f)
	if err != nil {
		return err
	}
	threshold, err := s.store.GiftThreshold(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	if format := exportFormat(r); format != "" && tf == nil {
		return s.giftExport(w, r, format, f, list, threshold)
	}
	counts, err := s.store.GiftCountsByYear(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	recipients, err := s.store.GiftRecipients(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	all := func(key string) []option { return []option{{Value: "", Label: s.cat.T(rs.lang, key)}} }
	p := giftListPage{
		Decisions:   append(all("gift.all_decisions"), s.options(rs.lang, "gift.decision.", domain.Strings(domain.GiftDecisions), f.Decision)...),
		Kinds:       append(all("gift.all_kinds"), s.options(rs.lang, "gift.kind.", domain.Strings(domain.GiftKinds), f.Kind)...),
		Recipients:  all("gift.all_recipients"),
		Sorts:       s.options(rs.lang, "gift.sort_", store.GiftSorts, f.Sort),
		Giver:       q.Get("giver"),
		Threshold:   domain.FormatEuroIn(rs.lang, threshold),
		ExportCSV:   s.exportURL(rs.org, "gifts", q, "csv"),
		ExportXLS:   s.exportURL(rs.org, "gifts", q, "xlsx"),
		OverviewURL: s.orgURL(rs.org, "gifts/overview"),
	}
	if tf == nil {
		tf = &form{Values: url.Values{"threshold": {domain.FormatEuroInput(threshold)}}, Errors: map[string]string{}}
	}
	p.ThresholdForm = tf
	for _, rc := range recipients {
		p.Recipients = append(p.Recipients, option{Value: strconv.FormatInt(rc.ID, 10), Label: personLabel(rc.Name, rc.Ref),
			Selected: rc.ID == f.PersonID})
	}
	if d := q.Get("done"); slices.Contains([]string{"created", "saved", "deleted", "threshold"}, d) {
		p.Notice = s.cat.T(rs.lang, "gift.done_"+d)
	}
	var years []int
	for _, c := range counts {
		years = append(years, c.Year)
	}
	p.Years = s.yearOptions(rs.lang, years, f.Year, "", "advice.all_years")
	var total int64
	for _, g := range list {
		total += g.ValueCents
	}
	p.Total = domain.FormatEuroIn(rs.lang, total)
	p.Rows = s.giftRows(rs.lang, list, threshold)
	s.render(w, r, status, "gifts", s.cat.T(rs.lang, "gift.title"), p)
	return nil
}

// personLabel names a person in a choice: "Name (ref)".
func personLabel(name, ref string) string {
	if name == "" {
		return ref
	}
	return name + " (" + ref + ")"
}

// giftExport sends the list as the page shows it and audits the export
// with its filters.
func (s *Server) giftExport(w http.ResponseWriter, r *http.Request, format string, f store.GiftFilter, list []*domain.Gift, threshold int64) error {
	rs := state(r)
	T := func(key string, args ...any) string { return s.cat.T(rs.lang, key, args...) }
	yn := func(b bool) string {
		if b {
			return T("gift.yes")
		}
		return T("gift.no")
	}
	t := table{Name: T("gift.export_name"), Title: T("gift.export_title"),
		Headers: []string{T("gift.offered_on"), T("gift.person"), T("gift.person_ref"), T("gift.giver"), T("gift.kind"),
			T("gift.description"), T("gift.value_eur"), T("gift.above_threshold"), T("gift.decision"), T("gift.decided_by"),
			T("gift.decided_at"), T("gift.self_reported")}}
	if f.Year != 0 {
		t.Name += "-" + strconv.Itoa(f.Year)
		t.Title += " " + strconv.Itoa(f.Year)
	}
	for _, g := range list {
		t.Rows = append(t.Rows, []any{dayCell(g.OfferedOn), g.PersonName, g.PersonRef, g.Giver, T("gift.kind." + string(g.Kind)),
			g.Description, moneyCell(g.ValueCents), yn(g.NeedsPermission(threshold)), T("gift.decision." + string(g.Decision)),
			g.DecidedByName, optDayCell(g.DecidedAt), yn(g.SelfReported)})
	}
	detail := format + " year=" + strconv.Itoa(f.Year) + " decision=" + f.Decision + " kind=" + f.Kind +
		" person=" + strconv.FormatInt(f.PersonID, 10) + " giver=" + f.Giver + " rows=" + strconv.Itoa(len(list))
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID).In(rs.org.ID), "gift.export", "gifts", "", detail); err != nil {
		return err
	}
	return s.export(w, format, t)
}

// giftSetThreshold sets the amount above which a gift needs permission.
func (s *Server) giftSetThreshold(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	cents, ok := domain.ParseEuro(f.Values.Get("threshold"))
	var err error
	if !ok {
		err = domain.FieldError("threshold", "gift.err_threshold_amount")
	} else {
		err = s.store.SetGiftThreshold(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, cents)
	}
	if err != nil {
		if !s.fail(f, rs.lang, err) {
			return err
		}
		return s.renderGiftList(w, r, http.StatusBadRequest, f)
	}
	s.redirect(w, r, s.orgURL(rs.org, "gifts?done=threshold"))
	return nil
}
