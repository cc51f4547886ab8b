package register

import (
	"slices"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/store"
)

// The template's other file names.
const (
	ReportsFile             = "reports.csv"
	AllegationsFile         = "allegations.csv"
	AdviceRequestsFile      = "advice_requests.csv"
	AdviserCasesFile        = "adviser_cases.csv"
	AdviserContactsFile     = "adviser_contacts.csv"
	AdviserActivitiesFile   = "adviser_activities.csv"
	AggressionIncidentsFile = "aggression_incidents.csv"
	OutsideActivitiesFile   = "outside_activities.csv"
	GiftsFile               = "gifts.csv"
	ActivitiesFile          = "activities.csv"
	CouncilContactsFile     = "council_contacts.csv"
	YearlyCountsFile        = "yearly_counts.csv"
	OwnCategoriesFile       = "own_categories.csv"
	OrganisationFactsFile   = "organisation_facts.csv"
)

// Kinds of cell.
const (
	KindText   = "text"
	KindDate   = "date"
	KindYesNo  = "yes/no"
	KindCode   = "code"
	KindCodes  = "codes" // several, separated by ;
	KindNumber = "number"
	KindHours  = "hours"
	KindEuro   = "euro"
)

// Column is one column of the template: its name, whether a row must
// fill it, what it holds, its codes (with the catalogue's prefix of their
// Dutch labels), a description in Dutch and an example value.
type Column struct {
	Name     string
	Required bool
	Kind     string
	Codes    []string
	Labels   []string // catalogue prefixes of the codes' Dutch labels, tried in order
	Help     string   // in Dutch
	Example  string
}

// Label is the Dutch label of code, or "" when the catalogue has none.
func (c Column) Label(code string) string {
	cat := catalog()
	for _, p := range c.Labels {
		if cat.Has(p + code) {
			return cat.T(i18n.Dutch, p+code)
		}
	}
	return ""
}

// File is one file (or sheet) of the template.
type File struct {
	Name    string // e.g. reports.csv; the sheet is the name without .csv
	Help    string // one row is …, in Dutch
	Columns []Column
}

// Sheet is the file's sheet name in a workbook.
func (f File) Sheet() string { return strings.TrimSuffix(f.Name, ".csv") }

// Names are the file's column names.
func (f File) Names() []string {
	var out []string
	for _, c := range f.Columns {
		out = append(out, c.Name)
	}
	return out
}

// Required are the columns the header must have.
func (f File) Required() []string {
	var out []string
	for _, c := range f.Columns {
		if c.Required {
			out = append(out, c.Name)
		}
	}
	return out
}

// Column returns the named column.
func (f File) Column(name string) Column {
	for _, c := range f.Columns {
		if c.Name == name {
			return c
		}
	}
	return Column{Name: name, Kind: KindText}
}

func yesNo(name, help, example string) Column {
	return Column{Name: name, Kind: KindYesNo, Help: help, Example: example}
}

func date(name string, required bool, help, example string) Column {
	return Column{Name: name, Required: required, Kind: KindDate, Help: help, Example: example}
}

func code(name string, required bool, codes []string, labels []string, help, example string) Column {
	return Column{Name: name, Required: required, Kind: KindCode, Codes: codes, Labels: labels, Help: help, Example: example}
}

func text(name string, required bool, help, example string) Column {
	return Column{Name: name, Required: required, Kind: KindText, Help: help, Example: example}
}

// Template is every file of the template, in the order an import stores
// them.
var Template = []File{
	{Name: PositionsFile, Help: "een functie (ook politieke ambten)", Columns: []Column{
		text("ref", true, "uw nummer van de functie; de sleutel bij een nieuwe import", "F-101"),
		text("title", true, "naam van de functie", "Medewerker vergunningen"),
		text("department", false, "afdeling", "Ruimte"),
		yesNo("designated_publication", "aangewezen functie: nevenwerkzaamheden worden openbaar gemaakt", "no"),
		yesNo("designated_financial", "aangewezen functie: financiële belangen worden gemeld", "no"),
		code("political", false, domain.Strings(domain.PoliticalOffices), []string{"positions.political."}, "politiek ambt; leeg voor ambtenaren", ""),
	}},
	{Name: PeopleFile, Help: "een medewerker, ingehuurde kracht of politieke ambtsdrager", Columns: []Column{
		text("ref", true, "uw personeelsnummer; de sleutel bij een nieuwe import", "E-0001"),
		text("name", false, "naam (mag leeg blijven)", ""),
		code("employment", true, domain.Strings(domain.Employments), []string{"people.employment."}, "soort dienstverband", "permanent"),
		text("position_ref", false, "nummer van de functie (positions.csv of al bekend)", "F-101"),
		text("department", false, "afdeling", "Ruimte"),
		date("start_on", false, "datum in dienst", "2021-01-04"),
		date("vog_on", false, "datum van de verklaring omtrent het gedrag (VOG)", "2020-12-20"),
		date("oath_on", false, "datum van de eed of belofte", "2021-01-18"),
		code("oath_kind", false, domain.Strings(domain.OathKinds), []string{"people.oath_kind."}, "eed of belofte", "oath"),
		date("declaration_on", false, "datum van de ondertekende integriteitsverklaring", "2021-01-04"),
	}},
	{Name: VulnerablePositionsFile, Help: "de analyse van een kwetsbare functie of een kwetsbaar proces: de kwetsbare handelingen, de beheersmaatregelen met eigenaar en toetsdatum, en de toetsing van de analyse", Columns: vulnerableColumns()},
	{Name: OwnCategoriesFile, Help: "een eigen categorie van de organisatie (zoals ‘fraude en corruptie’), in de volgorde van de eigen lijst; een bestaande naam (hoofdletters en spaties tellen niet mee) wordt bijgewerkt", Columns: []Column{
		text("label", true, "naam van de eigen categorie", "Fraude en corruptie"),
		code("category", true, domain.Strings(domain.Categories), []string{"case.category."}, "soort schending (landelijke typologie) waar de categorie bij hoort", "financial"),
	}},
	{Name: ReportsFile, Help: "een melding bij het meldpunt", Columns: []Column{
		text("ref", true, "uw nummer van de melding; de sleutel bij een nieuwe import", "M21-01"),
		date("received_on", true, "datum van ontvangst", "2021-03-15"),
		text("context", false, "meldkanaal: officials, office_holders, mayor of een eigen kanaal; leeg = officials", "officials"),
		code("channel", false, domain.Strings(domain.Sources), []string{"case.source."}, "hoe de melding binnenkwam; leeg = web", "email"),
		code("reporter_kind", false, domain.Strings(domain.ReporterKinds), []string{"case.kind.", "reporter.kind."}, "wie meldde; leeg = onbekend", "employee"),
		yesNo("anonymous", "anoniem gemeld", "no"),
		yesNo("whistleblower", "vermoeden van een misstand (Wet bescherming klokkenluiders)", "no"),
		date("acknowledged_on", false, "datum van de ontvangstbevestiging", "2021-03-16"),
		date("feedback_on", false, "datum van de terugkoppeling aan de melder", "2021-05-10"),
		code("investigation", false, domain.Strings(domain.Investigations), []string{"case.investigation."}, "soort onderzoek; leeg = geen", "preliminary"),
		text("investigator", false, "naam van het externe onderzoeksbureau (wordt versleuteld opgeslagen)", ""),
		{Name: "measures", Kind: KindCodes, Codes: domain.Strings(domain.MeasureKinds), Labels: []string{"case.measure."}, Help: "maatregelen, gescheiden door ;, één per maatregel (een code mag herhaald worden)", Example: "conversation"},
		code("referred_to", false, domain.Strings(domain.Referrals), []string{"case.referral."}, "doorverwezen naar", ""),
		text("referred_name", false, "naam van de instantie bij referred_to other (wordt versleuteld opgeslagen)", ""),
		date("closed_on", false, "datum van afsluiting; leeg = loopt nog", "2021-05-20"),
	}},
	{Name: AllegationsFile, Help: "één vermoedelijke schending binnen een melding; een melding heeft er één of meer", Columns: []Column{
		text("report_ref", true, "nummer van de melding (reports.csv of eerder geïmporteerd)", "M21-01"),
		code("category", false, domain.Strings(domain.Categories), []string{"case.category."}, "soort schending (landelijke typologie); mag leeg bij own_label", "conflict_of_interest"),
		text("own_label", false, "eigen categorie (own_categories.csv of al vastgelegd); de soort schending volgt eruit", ""),
		code("outcome", false, domain.Strings(domain.Outcomes), []string{"case.outcome."}, "uitkomst; leeg zolang het loopt", "substantiated"),
		text("outcome_note", false, "toelichting op de uitkomst (wordt versleuteld opgeslagen)", ""),
		code("referred_to", false, domain.Strings(domain.Referrals), []string{"case.referral."}, "doorverwezen naar; verplicht bij de uitkomst referred, tenzij de melding in reports.csv het al noemt", ""),
		code("stop_reason", false, domain.Strings(domain.StopReasons), []string{"case.stop_reason."}, "waarom het onderzoek stopte; verplicht bij de uitkomst discontinued, leeg bij een andere; bij other zegt outcome_note waarom", ""),
	}},
	{Name: AdviceRequestsFile, Help: "een adviesvraag die geen melding is", Columns: []Column{
		date("received_on", true, "datum van de vraag", "2021-02-01"),
		code("topic", true, domain.Strings(domain.AdviceTopics), []string{"advice.topic."}, "onderwerp", "gifts"),
		date("answered_on", false, "datum van het antwoord; leeg = open", "2021-02-03"),
	}},
	{Name: AdviserCasesFile, Help: "een casus van een vertrouwenspersoon", Columns: []Column{
		text("ref", true, "nummer van de casus; de sleutel bij een nieuwe import", "VP21-01"),
		text("adviser", true, "gebruikersnaam of naam van de vertrouwenspersoon", "VP intern A"),
		date("opened_on", true, "datum van het eerste contact", "2021-01-04"),
		{Name: "issue_kinds", Kind: KindCodes, Codes: domain.AdviserIssueKinds(), Labels: []string{"adviser.issue.", "case.category."}, Help: "soort kwestie, gescheiden door ;", Example: "bullying"},
		{Name: "relations", Kind: KindCodes, Codes: domain.Strings(domain.AdviserRelations), Labels: []string{"adviser.relation."}, Help: "relatie tot de betrokkene, gescheiden door ;", Example: "manager"},
		code("formal_report", false, domain.Strings(domain.AdviserFormalReports), []string{"adviser.formal."}, "formele melding; leeg = none", "none"),
		date("closed_on", false, "datum van afsluiting; leeg = loopt nog", "2021-02-20"),
		code("adviser_group", false, domain.Strings(domain.AdviserKinds), []string{"advisers.kind_col."}, "groep van de vertrouwenspersoon: internal (intern) of external (extern); leeg = wat de vertrouwenspersoon zelf vastlegde, of volgens de naam", "internal"),
	}},
	{Name: AdviserContactsFile, Help: "één contact van een vertrouwenspersoon", Columns: []Column{
		text("adviser", true, "gebruikersnaam of naam van de vertrouwenspersoon", "VP intern A"),
		date("date", true, "datum", "2021-01-04"),
		code("kind", true, domain.Strings(domain.AdviserContactKinds), []string{"adviser.contact_kind."}, "soort contact", "conversation"),
		{Name: "hours", Required: true, Kind: KindHours, Help: "tijd in uren (0,75 of 0:45)", Example: "0.75"},
		yesNo("first_contact", "eerste contact over deze kwestie", "yes"),
		text("case_ref", false, "nummer van de casus (adviser_cases.csv of al bekend)", "VP21-01"),
	}},
	{Name: AdviserActivitiesFile, Help: "ander werk van een vertrouwenspersoon", Columns: []Column{
		text("adviser", true, "gebruikersnaam of naam van de vertrouwenspersoon", "VP intern A"),
		date("date", true, "datum", "2021-01-18"),
		code("kind", true, domain.Strings(domain.AdviserActivityKinds), []string{"adviser.activity."}, "soort activiteit", "consultation"),
		{Name: "hours", Required: true, Kind: KindHours, Help: "tijd in uren", Example: "4"},
	}},
	{Name: AggressionIncidentsFile, Help: "agressie of geweld tegen een medewerker of ambtsdrager", Columns: []Column{
		date("date", true, "datum van het incident", "2021-04-12"),
		code("kind", true, domain.Strings(domain.AggressionKinds), []string{"aggression.kind."}, "soort incident", "verbal"),
		code("target", true, domain.Strings(domain.AggressionTargets), []string{"aggression.target."}, "tegen wie", "employee"),
		yesNo("police_involved", "politie ingeschakeld", "no"),
		yesNo("criminal_complaint", "aangifte gedaan", "no"),
	}},
	{Name: OutsideActivitiesFile, Help: "een nevenwerkzaamheid", Columns: []Column{
		text("person_ref", true, "personeelsnummer (people.csv of al bekend)", "E-0001"),
		text("position_ref", false, "functie waarvoor gemeld; leeg = de functie van de persoon", ""),
		text("activity", true, "de nevenwerkzaamheid", "Penningmeester"),
		text("organisation", true, "bij welke organisatie", "Voetbalvereniging"),
		yesNo("paid", "bezoldigd", "no"),
		{Name: "hours_per_month", Kind: KindNumber, Help: "uren per maand", Example: "4"},
		{Name: "income_eur", Kind: KindNumber, Help: "inkomsten per jaar in euro (alleen politieke ambtsdragers)", Example: ""},
		date("start_on", false, "begindatum", "2020-09-01"),
		date("end_on", false, "einddatum", ""),
		code("assessment", false, domain.Strings(domain.OutsideAssessments), []string{"outside.assessment."}, "beoordeling; leeg = pending", "allowed"),
	}},
	{Name: GiftsFile, Help: "een geschenk of uitnodiging", Columns: []Column{
		date("date", true, "datum van het aanbod", "2021-12-15"),
		text("recipient_ref", true, "personeelsnummer van de ontvanger (people.csv of al bekend)", "E-0001"),
		text("giver", true, "gever", "Leverancier"),
		text("description", true, "omschrijving", "Kerstpakket"),
		{Name: "value_eur", Kind: KindEuro, Help: "geschatte waarde in euro (12,50 of 12.50)", Example: "45"},
		code("decision", false, domain.Strings(domain.GiftDecisions), []string{"gift.decision."}, "besluit; leeg = pending", "accepted"),
	}},
	{Name: ActivitiesFile, Help: "een integriteitsactiviteit of training", Columns: []Column{
		date("date", true, "datum", "2021-03-22"),
		text("title", true, "titel", "Dilemmasessie"),
		code("kind", true, domain.Strings(domain.ActivityKinds), []string{"activity.kind."}, "soort activiteit", "dilemma_session"),
		{Name: "audience", Required: true, Kind: KindCodes, Codes: domain.Strings(domain.ActivityAudiences), Labels: []string{"activity.audience."}, Help: "doelgroepen, gescheiden door ;", Example: "council;executive"},
		{Name: "attendance", Kind: KindNumber, Help: "aantal deelnemers; leeg = onbekend", Example: "25"},
	}},
	{Name: CouncilContactsFile, Help: "een integriteitsvraag van een raadslid aan de griffier", Columns: []Column{
		date("date", true, "datum", "2021-01-04"),
		yesNo("mayor_conversation", "leidde tot een gesprek met de burgemeester", "no"),
		yesNo("preliminary_inquiry", "leidde tot een vooronderzoek", "no"),
	}},
	{Name: YearlyCountsFile, Help: "een aantal voor een jaar van vóór het gebruik van Integer (voor de trends in het jaarverslag)", Columns: []Column{
		{Name: "year", Required: true, Kind: KindNumber, Help: "jaar", Example: "2020"},
		code("measure", true, store.YearlyMeasures, []string{"import.measure."}, "wat er geteld is", "reports"),
		{Name: "count", Required: true, Kind: KindNumber, Help: "aantal", Example: "17"},
		text("code", false, "alleen bij reports_by_outcome (een uitkomst van allegations.csv of open), reports_by_category (een categorie) en reports_by_own_label (een eigen categorie): welke; leeg bij de totalen", ""),
	}},
	{Name: OrganisationFactsFile, Help: "een gegeven over de organisatie in een jaar: het aantal medewerkers (voor de meldingen per 1.000 medewerkers in het jaarverslag), vertrouwenspersonen en integriteitscoördinatoren; een jaar en maatstaf die al bekend zijn worden bijgewerkt", Columns: []Column{
		{Name: "year", Required: true, Kind: KindNumber, Help: "jaar", Example: "2021"},
		code("measure", true, domain.Strings(domain.OrgFacts), []string{"import.org_fact."}, "wat er geteld is", "employees"),
		{Name: "count", Required: true, Kind: KindNumber, Help: "aantal (medewerkers: personen in dienst, minstens 1)", Example: "1100"},
	}},
	{Name: ActionsFile, Help: "een genummerde actie van een plan van aanpak, met de actielijn waar zij onder valt; een nieuw plan of een nieuwe actielijn wordt aangemaakt", Columns: actionColumns()},
}

// TemplateFile returns the template's file of that name (with or without
// .csv), and whether there is one.
func TemplateFile(name string) (File, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	if !strings.HasSuffix(name, ".csv") {
		name += ".csv"
	}
	i := slices.IndexFunc(Template, func(f File) bool { return f.Name == name })
	if i < 0 {
		return File{}, false
	}
	return Template[i], true
}
