package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The demo's outside activities and financial interests: about forty
// activities of officials reported over the past year, in every state of
// assessment, a few older ones due for re-confirmation, the outside
// positions of the mayor, the aldermen and some councillors (with the
// income of the paid ones), and a few financial interests of designated
// positions. They belong to the people the people demo seeded; positions
// the demo needs and does not find are added with refs "DEMO-OUT-…".
// Every organisation and activity is fictional.

// demoOutside is one outside activity: what, where, paid, hours a month,
// the assessment and its reasons.
type demoOutside struct {
	activity, organisation string
	paid                   bool
	hours                  int
	assessment             domain.OutsideAssessment
	reasons                string
}

// demoOfficialActivities go to officials in designated positions first,
// then to others.
var demoOfficialActivities = []demoOutside{
	{"Lid raad van toezicht", "Woningcorporatie Thuis in de Stad", true, 5, "allowed_with_conditions", "Geen betrokkenheid bij prestatieafspraken tussen de gemeente en de corporatie."},
	{"Penningmeester", "Stichting Buurthuis De Brug", false, 4, "allowed", ""},
	{"Adviseur bouwaanvragen", "Architectenbureau Lijnrecht", true, 16, "not_allowed", "Het bureau dient aanvragen in die de medewerker in zijn functie beoordeelt: dat is niet te verenigen."},
	{"Docent bestuursrecht (avondopleiding)", "Hogeschool Zuiderpoort", true, 8, "allowed", ""},
	{"Secretaris", "Ondernemersvereniging Centrum", false, 3, "allowed_with_conditions", "Niet optreden namens de vereniging richting de gemeente; melden bij de leidinggevende als een dossier de vereniging raakt."},
	{"Bestuurslid", "Voetbalvereniging VV Voorwaarts", false, 6, "allowed", ""},
	{"Vrijwillig brandweerman", "Veiligheidsregio Zuidoost", true, 12, "allowed", ""},
	{"Taxateur onroerend goed", "Makelaardij Van den Berg", true, 12, "not_allowed", "Taxaties in de gemeente raken de WOZ-waardering waaraan de medewerker werkt."},
	{"Lid bezwaarschriftencommissie", "Gemeente Buurdorp", true, 6, "pending", ""},
	{"Trainer jeugdteam", "Hockeyclub De Stokken", false, 6, "allowed", ""},
	{"Eigen fotografiebedrijf", "Fotostudio Lichtval", true, 10, "allowed_with_conditions", "Geen opdrachten van of voor de gemeente aannemen."},
	{"Columnist", "Weekblad De Stadskoerier", true, 2, "allowed_with_conditions", "Niet schrijven over dossiers van de eigen afdeling."},
	{"Voorzitter", "Muziekvereniging Harmonie Crescendo", false, 4, "allowed", ""},
	{"Scheidsrechter", "Voetbalbond district Zuid", true, 6, "allowed", ""},
	{"Bijbaan in de bediening", "Eetcafé De Gouden Leeuw", true, 20, "pending", ""},
	{"Bestuurslid", "Stichting Dierenopvang Hoefijzer", false, 3, "allowed", ""},
	{"Gastdocent", "ROC Zuidoost", true, 4, "allowed", ""},
	{"Webwinkel in tweedehands boeken", "Boekwurm Online", true, 6, "allowed", ""},
	{"Kerkrentmeester", "Parochie Sint-Jan", false, 3, "allowed", ""},
	{"Coördinator mantelzorgers (vrijwillig)", "Stichting Samen Zorgen", false, 4, "pending", ""},
	{"Adviseur subsidieaanvragen", "Cultuurcollectief De Kaai", true, 8, "not_allowed", "De medewerker behandelt de subsidieaanvragen van dit collectief."},
	{"Lid kascommissie", "Tennisvereniging Smash", false, 1, "allowed", ""},
	{"Zzp-opdrachten in tekstschrijven", "Eigen onderneming Woordwerk", true, 8, "allowed_with_conditions", "Niet voor partijen die subsidie of opdrachten van de gemeente ontvangen."},
	{"Bestuurslid", "Wijkvereniging Oost", false, 2, "pending", ""},
	{"Instructeur EHBO", "EHBO-vereniging Voorbeeldstad", true, 4, "allowed", ""},
	{"Lid ouderraad", "Basisschool De Regenboog", false, 2, "allowed", ""},
	{"Schoonmaakbedrijf (mede-eigenaar)", "Glans & Co", true, 10, "pending", ""},
	{"Jurylid", "Dansschool Pas de Deux", true, 2, "allowed", ""},
	{"Vrijwilliger", "Voedselbank Voorbeeldstad", false, 4, "allowed", ""},
	{"Bestuurslid", "Huurdersvereniging Zuid", false, 3, "allowed_with_conditions", "Geen rol in overleg met de gemeente over huisvesting."},
	{"Verhuur vakantiewoning", "Eigen beheer", true, 3, "allowed", ""},
	{"Docent Nederlands als tweede taal", "Taalhuis Voorbeeldstad", true, 6, "allowed", ""},
	{"Lid redactie", "Historisch tijdschrift Oud-Voorbeeldstad", false, 2, "allowed", ""},
	{"Adviseur", "Stichting Sportaccommodaties", true, 6, "pending", ""},
}

// demoOlderActivities were reported more than a year ago and never
// confirmed since.
var demoOlderActivities = []demoOutside{
	{"Lid commissie van beroep", "Sportbond regio Zuid", false, 2, "allowed", ""},
	{"Bestuurslid", "Vrienden van het Stadsarchief", false, 2, "allowed", ""},
	{"Eigen praktijk als mediator", "Mediationpraktijk Evenwicht", true, 6, "allowed_with_conditions", "Geen mediation in geschillen waarbij de gemeente partij is."},
	{"Organist", "Protestantse Gemeente Voorbeeldstad", true, 3, "allowed", ""},
	{"Lid ledenraad", "Coöperatieve bank regio Zuid", false, 1, "allowed", ""},
}

// demoHolderActivities are the outside positions of office holders, by
// office; incomes are yearly, in euros, for the paid ones.
var demoHolderActivities = map[domain.PoliticalOffice][]struct {
	activity, organisation string
	paid                   bool
	income                 int64 // 0: not recorded
}{
	"mayor": {
		{"Voorzitter (ambtshalve)", "Veiligheidsregio Zuidoost", false, 0},
		{"Voorzitter", "Stichting Oranjecomité Voorbeeldstad", false, 0},
		{"Lid raad van toezicht", "Stichting Regionaal Ziekenhuis", true, 7500},
	},
	"alderman": {
		{"Lid algemeen bestuur (ambtshalve)", "Omgevingsdienst Zuidoost", false, 0},
		{"Docent (0,1 fte)", "Hogeschool Zuiderpoort", true, 6200},
		{"Lid raad van advies", "Stichting Cultuurfonds", true, 1500},
		{"Voorzitter", "Stichting Stadsfestival", false, 0},
		{"Lid commissie van advies", "Regionaal Bureau voor Toerisme", false, 0},
		{"Bestuurslid (ambtshalve)", "Gemeenschappelijke regeling Werkbedrijf Zuidoost", false, 0},
		{"Lid (ambtshalve)", "Commissie Ruimtelijke Kwaliteit Zuidoost", false, 0},
		{"Voorzitter", "Stichting Kunstroute Voorbeeldstad", false, 0},
		{"Bestuurslid", "Historische Vereniging Voorbeeldstad", false, 0},
		{"Auteur van een boek over de stadsgeschiedenis", "Uitgeverij De Vijverberg", true, 900},
	},
	"councillor": {
		{"Eigenaar", "Installatiebedrijf Van Dijk", true, 0},
		{"Verpleegkundige", "Zorgcentrum De Linde", true, 0},
		{"Voorzitter", "Wijkraad Noord", false, 0},
		{"Leraar", "Basisschool De Regenboog", true, 0},
		{"Bestuurslid", "Voedselbank Voorbeeldstad", false, 0},
		{"Zelfstandig adviseur", "Adviesbureau Helder Advies", true, 0},
		{"Bestuurslid", "Sportvereniging Olympia", false, 0},
		{"Wijkverpleegkundige", "Thuiszorg Zorgzaam", true, 0},
	},
}

// demoFinancial are financial interests of designated positions.
var demoFinancial = []struct {
	kind        domain.FinancialKind
	description string
	assessment  domain.FinancialAssessment
	reasons     string
}{
	{"shares", "Aandelen in een beursgenoteerd bouwbedrijf dat aanbesteedt bij gemeenten in de regio.", "measures_taken", "Aandelen in beheer gegeven; geen rol bij aanbestedingen van bouwwerken."},
	{"real_estate", "Tweede woning in het centrum, verhuurd; het gebied valt onder een lopend omgevingsplan.", "no_conflict", ""},
	{"business_interest", "Belang van 25% in het familiebedrijf, een groothandel in kantoorartikelen.", "measures_taken", "Geen betrokkenheid bij inkoop van kantoorartikelen; melding bij de inkoopadviseur."},
	{"bonds", "Obligaties van een regionale energiecoöperatie.", "no_conflict", ""},
	{"other", "Lening verstrekt aan een startend bedrijf van een familielid dat subsidie aanvraagt.", "pending", ""},
	{"real_estate", "Bouwgrond in het buitengebied, waarvoor een bestemmingswijziging is gevraagd.", "conflict", "Het belang raakt de eigen dossiers; de medewerker is overgeplaatst naar een ander team."},
}

// demoOutsidePeople are the people the demo gives activities, by kind.
type demoOutsidePeople struct {
	designated, plain, financial []*domain.Person
	holders                      map[domain.PoliticalOffice][]*domain.Person
}

// seedDemoOutside records the demo's outside activities and financial
// interests as the demo HR officer.
func seedDemoOutside(ctx context.Context, s *store.Store, params auth.Params, org *domain.Organisation) error {
	u, err := s.UserByUsername(ctx, org.ID, "hr")
	if err != nil {
		return err
	}
	actor := store.UserActor(u, "demo")
	ppl, err := demoOutsideCast(ctx, s, actor, org)
	if err != nil {
		return err
	}
	realNow := s.Now
	defer func() { s.Now = realNow }()
	today := domain.Day(realNow())
	at := func(d time.Time) { // the store's clock: that day, mid-morning, never after now
		t := d.Add(10 * time.Hour)
		if t.After(realNow()) {
			t = realNow()
		}
		s.Now = func() time.Time { return t }
	}
	add := func(a *domain.OutsideActivity, assessment domain.OutsideAssessment, reasons string) error {
		at(a.ReportedOn)
		if err := s.CreateOutsideActivity(ctx, actor, org.ID, a); err != nil {
			return fmt.Errorf("demo outside activity %q: %w", a.Activity, err)
		}
		if assessment == domain.OutsideAssessmentPending {
			return nil
		}
		decided := a.ReportedOn.AddDate(0, 0, 9+int(a.ID%20))
		if decided.After(today) {
			decided = today
		}
		at(decided)
		return s.AssessOutsideActivity(ctx, actor, org.ID, a.ID, assessment, reasons, &decided)
	}

	// Officials: every third in a designated position, one activity each,
	// reported over the past year; a few are intended, two ended.
	officials := append(append([]*domain.Person{}, ppl.designated...), ppl.plain...)
	pick := func(i int) *domain.Person {
		if i%3 == 0 && len(ppl.designated) > 0 || len(ppl.plain) == 0 {
			return ppl.designated[(i/3)%len(ppl.designated)]
		}
		return ppl.plain[(i*7)%len(ppl.plain)]
	}
	for i, d := range demoOfficialActivities {
		if len(officials) == 0 {
			break
		}
		p := pick(i)
		a := &domain.OutsideActivity{PersonID: p.ID, Activity: d.activity, Organisation: d.organisation, Paid: d.paid,
			HoursPerMonth: d.hours, Status: domain.OutsideStatusReported, ReportedOn: today.AddDate(0, 0, -(350 - i*10))}
		if i%9 == 8 {
			a.Status = domain.OutsideStatusIntended
		}
		if i == 5 || i == 17 {
			end := today.AddDate(0, 0, -20)
			a.EndOn = &end
		}
		if err := add(a, d.assessment, d.reasons); err != nil {
			return err
		}
	}
	// Older registrations, never confirmed since: to be confirmed again.
	for i, d := range demoOlderActivities {
		if len(officials) < 2 {
			break
		}
		p := pick(i*5 + 1)
		a := &domain.OutsideActivity{PersonID: p.ID, Activity: d.activity, Organisation: d.organisation,
			Paid: d.paid, HoursPerMonth: d.hours, Status: domain.OutsideStatusReported, ReportedOn: today.AddDate(0, -14-4*i, 0)}
		if err := add(a, d.assessment, d.reasons); err != nil {
			return err
		}
	}
	// Office holders: every outside position, with the income of the paid
	// ones; one just announced, still pending.
	for _, office := range []domain.PoliticalOffice{domain.PoliticalOfficeMayor, domain.PoliticalOfficeAlderman, domain.PoliticalOfficeCouncillor} {
		for i, p := range ppl.holders[office] {
			list := demoHolderActivities[office]
			per := 2
			if office == domain.PoliticalOfficeMayor {
				per = len(list)
			}
			for j := 0; j < per; j++ {
				h := list[(per*i+j)%len(list)]
				days := 300 - 20*i - 7*j
				if days < 10 {
					days = 10 + i%30
				}
				a := &domain.OutsideActivity{PersonID: p.ID, Activity: h.activity, Organisation: h.organisation, Paid: h.paid,
					Status: domain.OutsideStatusReported, ReportedOn: today.AddDate(0, 0, -days)}
				if h.income > 0 {
					v := h.income
					a.IncomeEUR = &v
				}
				assessment := domain.OutsideAssessmentAllowed
				if office == domain.PoliticalOfficeAlderman && i == 0 && j == 1 {
					assessment, a.Status = domain.OutsideAssessmentPending, domain.OutsideStatusIntended
				}
				if err := add(a, assessment, ""); err != nil {
					return err
				}
			}
			if office == domain.PoliticalOfficeCouncillor && i >= 3 {
				break
			}
		}
	}
	// The employee demo account's own reports, when it is linked to a person.
	emp, err := s.UserByUsername(ctx, org.ID, "employee")
	if err == nil {
		if me, err := s.PersonForUser(ctx, org.ID, emp.ID); err == nil {
			for i, d := range []demoOutside{{"Trainer jeugdteam", "Korfbalclub Vlug", false, 6, "allowed", ""},
				{"Bijles wiskunde", "Eigen onderneming", true, 4, "pending", ""}} {
				a := &domain.OutsideActivity{PersonID: me.ID, Activity: d.activity, Organisation: d.organisation, Paid: d.paid,
					HoursPerMonth: d.hours, Status: domain.OutsideStatusReported, ReportedOn: today.AddDate(0, 0, -200+180*i)}
				if err := add(a, d.assessment, d.reasons); err != nil {
					return err
				}
			}
		}
	}
	// Financial interests of designated positions.
	for i, d := range demoFinancial {
		if len(ppl.financial) == 0 {
			break
		}
		f := &domain.FinancialInterest{PersonID: ppl.financial[i%len(ppl.financial)].ID, Kind: d.kind, Description: d.description,
			ReportedOn: today.AddDate(0, 0, -(320 - 50*i)), Assessment: domain.FinancialAssessmentPending}
		at(f.ReportedOn)
		if err := s.CreateFinancialInterest(ctx, actor, org.ID, f); err != nil {
			return fmt.Errorf("demo financial interest: %w", err)
		}
		if d.assessment != domain.FinancialAssessmentPending {
			at(f.ReportedOn.AddDate(0, 0, 14))
			f.Assessment, f.Reasons = d.assessment, d.reasons
			if err := s.UpdateFinancialInterest(ctx, actor, org.ID, f); err != nil {
				return fmt.Errorf("demo financial interest: %w", err)
			}
		}
	}
	return nil
}

// demoOutsideCast picks the people the demo gives activities from the
// people register, adding positions and people where a kind is missing.
func demoOutsideCast(ctx context.Context, s *store.Store, actor store.Actor, org *domain.Organisation) (*demoOutsidePeople, error) {
	positions, err := s.Positions(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	people, err := s.People(ctx, org.ID, store.PeopleFilter{Current: true})
	if err != nil {
		return nil, err
	}
	ppl := demoOutsideSort(positions, people)
	if len(ppl.designated) >= 3 && len(ppl.financial) > 0 && len(ppl.plain) >= 10 && len(ppl.holders["mayor"]) > 0 && len(ppl.holders["alderman"]) > 0 &&
		len(ppl.holders["councillor"]) > 0 {
		return ppl, nil
	}
	if err := demoOutsideFallback(ctx, s, actor, org, ppl); err != nil {
		return nil, err
	}
	if positions, err = s.Positions(ctx, org.ID); err != nil {
		return nil, err
	}
	if people, err = s.People(ctx, org.ID, store.PeopleFilter{Current: true}); err != nil {
		return nil, err
	}
	return demoOutsideSort(positions, people), nil
}

func demoOutsideSort(positions []*domain.Position, people []*domain.Person) *demoOutsidePeople {
	byID := map[int64]*domain.Position{}
	for _, p := range positions {
		byID[p.ID] = p
	}
	ppl := &demoOutsidePeople{holders: map[domain.PoliticalOffice][]*domain.Person{}}
	for _, p := range people {
		pos := byID[p.PositionID]
		switch {
		case pos == nil:
		case pos.Political != "":
			ppl.holders[pos.Political] = append(ppl.holders[pos.Political], p)
		case pos.DesignatedPublication:
			ppl.designated = append(ppl.designated, p)
		default:
			ppl.plain = append(ppl.plain, p)
		}
		if pos != nil && pos.DesignatedFinancial && pos.Political == "" {
			ppl.financial = append(ppl.financial, p)
		}
	}
	return ppl
}

// demoOutsideFallback adds the positions and people of the kinds the
// people register lacks (when the people demo seeded none of them).
func demoOutsideFallback(ctx context.Context, s *store.Store, actor store.Actor, org *domain.Organisation, ppl *demoOutsidePeople) error {
	type seat struct {
		ref, title, dept string
		designated       bool
		political        domain.PoliticalOffice
		names            []string
		missing          bool
		employment       domain.Employment
		owner            string
	}
	seats := []seat{
		{"DEMO-OUT-BGM", "Burgemeester", "Bestuur", false, "mayor", []string{"Annelies van Dam"}, len(ppl.holders["mayor"]) == 0, "office_holder", ""},
		{"DEMO-OUT-WETH", "Wethouder", "Bestuur", false, "alderman", []string{"Ruud Verbeek", "Noor Hendriks", "Gert-Jan Kramer"}, len(ppl.holders["alderman"]) == 0, "office_holder", ""},
		{"DEMO-OUT-RAAD", "Raadslid", "Gemeenteraad", false, "councillor", []string{"Linda Schouten", "Ahmed Bakkali", "Wim de Lange", "Sandra Koster", "Peter Vos"}, len(ppl.holders["councillor"]) == 0, "office_holder", ""},
		{"DEMO-OUT-SECR", "Gemeentesecretaris", "Directie", true, "", []string{"Marieke Dijkstra"}, len(ppl.designated) < 3 || len(ppl.financial) == 0, "permanent", ""},
		{"DEMO-OUT-INK", "Inkoopadviseur", "Bedrijfsvoering", true, "", []string{"Jeroen Peters", "Sophie Maas"}, len(ppl.designated) < 3 || len(ppl.financial) == 0, "permanent", ""},
		{"DEMO-OUT-VERG", "Vergunningverlener", "Omgeving", true, "", []string{"Bram Willems", "Esra Demir"}, len(ppl.designated) < 3 || len(ppl.financial) == 0, "permanent", ""},
		{"DEMO-OUT-BELAST", "Medewerker belastingen", "Belastingen", false, "", []string{"Kim van Leeuwen", "Tom Jacobs", "Yara Bos"}, len(ppl.plain) < 10, "permanent", ""},
		{"DEMO-OUT-BURG", "Medewerker burgerzaken", "Publiekszaken", false, "", []string{"Mila de Graaf", "Daan Mertens", "Fatima Yilmaz"}, len(ppl.plain) < 10, "permanent", "employee"},
		{"DEMO-OUT-WIJK", "Wijkcoördinator", "Sociaal domein", false, "", []string{"Lotte Smits", "Hasan Aydin", "Iris Post", "Niels Brink"}, len(ppl.plain) < 10, "temporary", ""},
	}
	n := 0
	for _, st := range seats {
		if !st.missing {
			continue
		}
		pos := &domain.Position{OrgID: org.ID, Ref: st.ref, Title: st.title, Department: st.dept, DesignatedPublication: st.designated,
			DesignatedFinancial: st.designated, Political: st.political}
		if err := s.SavePosition(ctx, actor, pos); err != nil {
			return fmt.Errorf("demo position %s: %w", st.ref, err)
		}
		for _, name := range st.names {
			n++
			p := &domain.Person{OrgID: org.ID, Ref: fmt.Sprintf("DEMO-OUT-%03d", n), Name: name, Employment: st.employment,
				PositionID: pos.ID, Department: st.dept}
			if name == "Fatima Yilmaz" && st.owner != "" {
				if u, err := s.UserByUsername(ctx, org.ID, st.owner); err == nil {
					if _, err := s.PersonForUser(ctx, org.ID, u.ID); domain.IsNotFound(err) {
						p.UserID = u.ID
					}
				}
			}
			if err := s.SavePerson(ctx, actor, p); err != nil {
				return fmt.Errorf("demo person %s: %w", p.Ref, err)
			}
		}
	}
	return nil
}
