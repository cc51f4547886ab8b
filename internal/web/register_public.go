package web

import (
	"net/http"
	"strconv"

	"github.com/integer-nl/integer/internal/domain"
)

// The public register of outside activities: a page, a CSV file and JSON,
// without login, showing exactly what store.OutsideRegister returns, which
// carries only the public fields (domain.RegisterEntry). Public reads are
// not audited: nothing here is confidential.

type registerPage struct {
	OfficeHolders []registerRow
	Officials     []registerRow
	AsOf          string
	CSV, JSON     string
}

// registerRow is a register entry with its labels in the page's language.
type registerRow struct {
	E      domain.RegisterEntry
	Office string
	Paid   string
	Income string // "€ 1.200,00", "" when not recorded
}

func (s *Server) registerRows(lang string, entries []domain.RegisterEntry) (holders, officials []registerRow) {
	for _, e := range entries {
		row := registerRow{E: e, Paid: s.cat.T(lang, "outside.register_unpaid")}
		if e.Paid {
			row.Paid = s.cat.T(lang, "outside.register_paid")
		}
		if e.Office == "" {
			officials = append(officials, row)
			continue
		}
		row.Office = s.cat.T(lang, "outside.office."+string(e.Office))
		if e.IncomeEUR != nil {
			row.Income = domain.FormatEuroIn(lang, *e.IncomeEUR*100)
		}
		holders = append(holders, row)
	}
	return holders, officials
}

func (s *Server) registerPage(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	entries, err := s.store.OutsideRegister(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	p := registerPage{AsOf: caseDate(s.store.Now()), CSV: s.orgURL(rs.org, "register.csv"),
		JSON: "/api/v1/" + rs.org.Slug + "/register/outside-activities"}
	p.OfficeHolders, p.Officials = s.registerRows(rs.lang, entries)
	s.render(w, r, http.StatusOK, "register", s.cat.T(rs.lang, "outside.register_title"), p)
	return nil
}

// registerCSV sends the register as a CSV file with the page's columns.
func (s *Server) registerCSV(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	entries, err := s.store.OutsideRegister(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	T := func(key string) string { return s.cat.T(rs.lang, key) }
	t := table{Name: T("outside.register_file") + "-" + rs.org.Slug, Title: T("outside.register_title"),
		Headers: []string{T("outside.register_kind"), T("outside.register_name"), T("outside.register_position"),
			T("outside.register_activity"), T("outside.register_organisation"), T("outside.register_paid_col"),
			T("outside.register_income")}}
	holders, officials := s.registerRows(rs.lang, entries)
	for _, row := range holders {
		income := ""
		if row.E.IncomeEUR != nil {
			income = strconv.FormatInt(*row.E.IncomeEUR, 10)
		}
		t.Rows = append(t.Rows, []any{T("outside.register_kind_office_holder"), row.E.Name, row.E.PositionTitle, row.E.Activity,
			row.E.Organisation, row.Paid, income})
	}
	for _, row := range officials {
		t.Rows = append(t.Rows, []any{T("outside.register_kind_official"), "", row.E.PositionTitle, row.E.Activity,
			row.E.Organisation, row.Paid, ""})
	}
	return s.export(w, "csv", t)
}

// apiRegisterOut is the register as JSON: office holders by name, with
// income where recorded; officials by position only. Two types, so an
// official's entry has no field that could carry a name or an income.
type apiRegisterOut struct {
	Organisation  string              `json:"organisation"`
	AsOf          string              `json:"as_of"`
	OfficeHolders []apiRegisterHolder `json:"office_holders"`
	Officials     []apiRegisterOff    `json:"officials"`
}

type apiRegisterHolder struct {
	Name         string `json:"name"`
	Office       string `json:"office"`
	Position     string `json:"position"`
	Activity     string `json:"activity"`
	Organisation string `json:"organisation"`
	Paid         bool   `json:"paid"`
	IncomeEUR    *int64 `json:"income_eur"`
}

type apiRegisterOff struct {
	Position     string `json:"position"`
	Activity     string `json:"activity"`
	Organisation string `json:"organisation"`
	Paid         bool   `json:"paid"`
}

// apiRegister answers the public register as JSON.
func (s *Server) apiRegister(w http.ResponseWriter, r *http.Request) error {
	org, err := s.apiOrg(r)
	if err != nil {
		return err
	}
	entries, err := s.store.OutsideRegister(r.Context(), org.ID)
	if err != nil {
		return err
	}
	out := apiRegisterOut{Organisation: org.Name, AsOf: apiDay(s.store.Now()), OfficeHolders: []apiRegisterHolder{},
		Officials: []apiRegisterOff{}}
	for _, e := range entries {
		if e.Office == "" {
			out.Officials = append(out.Officials, apiRegisterOff{Position: e.PositionTitle, Activity: e.Activity,
				Organisation: e.Organisation, Paid: e.Paid})
			continue
		}
		out.OfficeHolders = append(out.OfficeHolders, apiRegisterHolder{Name: e.Name, Office: string(e.Office), Position: e.PositionTitle,
			Activity: e.Activity, Organisation: e.Organisation, Paid: e.Paid, IncomeEUR: e.IncomeEUR})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
