package cli

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The demo's people register: a municipality of 320 people in service in
// eleven departments, 24 positions (some designated for publishing outside
// activities or reporting financial interests), the council of 29
// councillors, 5 aldermen and the mayor, and 25 people who left in the past
// two years. In the past twelve months 123 people joined as Helmond's
// register of 2021 had them (76 permanent, 38 temporary, 9 hired) plus 8
// interns, and 114 of them took the oath (85) or the affirmation (29),
// Helmond's figure. The gaps are realistic: 26 people (8 %) without a VOG
// on file, mostly long-serving staff, some without a declaration or
// confidentiality statement, recent joiners waiting for the next
// introduction training, four people who start next month; hired staff and
// interns, rightly, without an oath. Names are drawn from common Dutch
// first names and surnames and name nobody; the demo accounts are in it
// under their own (fictional) names, the employee's account linked to her
// person.

// demoDepartment is a department with its size and its positions (refs,
// the first the most common).
type demoDepartment struct {
	name      string
	size      int
	positions []string
}

var demoDepartments = []demoDepartment{
	{"Publiekszaken", 45, []string{"F-PUB"}},
	{"Sociaal Domein", 56, []string{"F-CWI", "F-WMO"}},
	{"Ruimtelijke Ontwikkeling", 35, []string{"F-RO", "F-RO", "F-GRZ"}},
	{"Stadsbeheer", 50, []string{"F-BD", "F-BD", "F-BD", "F-OPZ"}},
	{"Vergunningen, Toezicht en Handhaving", 35, []string{"F-BOA", "F-VERG"}},
	{"Bedrijfsvoering", 30, []string{"F-BA", "F-BA", "F-INK"}},
	{"Financiën", 20, []string{"F-FIN"}},
	{"Informatievoorziening en ICT", 20, []string{"F-ICT"}},
	{"Personeel en Organisatie", 10, []string{"F-HR"}},
	{"Bestuursondersteuning en Communicatie", 15, []string{"F-BA", "F-COM"}},
	{"Griffie", 4, []string{"F-BA"}},
}

var demoPositions = []domain.Position{
	{Ref: "F-GS", Title: "Gemeentesecretaris", Department: "Bestuursondersteuning en Communicatie", DesignatedPublication: true, DesignatedFinancial: true},
	{Ref: "F-AM", Title: "Afdelingsmanager", DesignatedPublication: true},
	{Ref: "F-PUB", Title: "Medewerker Publiekszaken", Department: "Publiekszaken"},
	{Ref: "F-CWI", Title: "Consulent werk en inkomen", Department: "Sociaal Domein"},
	{Ref: "F-WMO", Title: "Consulent Wmo en jeugd", Department: "Sociaal Domein"},
	{Ref: "F-RO", Title: "Adviseur ruimtelijke ordening", Department: "Ruimtelijke Ontwikkeling"},
	{Ref: "F-GRZ", Title: "Adviseur grondzaken en vastgoed", Department: "Ruimtelijke Ontwikkeling", DesignatedPublication: true, DesignatedFinancial: true},
	{Ref: "F-BD", Title: "Medewerker buitendienst", Department: "Stadsbeheer"},
	{Ref: "F-OPZ", Title: "Opzichter", Department: "Stadsbeheer", DesignatedPublication: true},
	{Ref: "F-BOA", Title: "Handhaver (boa)", Department: "Vergunningen, Toezicht en Handhaving"},
	{Ref: "F-VERG", Title: "Vergunningverlener", Department: "Vergunningen, Toezicht en Handhaving", DesignatedPublication: true},
	{Ref: "F-INK", Title: "Inkoopadviseur", Department: "Bedrijfsvoering", DesignatedPublication: true, DesignatedFinancial: true},
	{Ref: "F-INT", Title: "Integriteitscoördinator", Department: "Bedrijfsvoering"},
	{Ref: "F-FIN", Title: "Financieel adviseur", Department: "Financiën", DesignatedFinancial: true},
	{Ref: "F-CC", Title: "Concerncontroller", Department: "Financiën", DesignatedPublication: true, DesignatedFinancial: true},
	{Ref: "F-ICT", Title: "Informatieadviseur", Department: "Informatievoorziening en ICT"},
	{Ref: "F-HR", Title: "HR-adviseur", Department: "Personeel en Organisatie"},
	{Ref: "F-BA", Title: "Beleidsadviseur"},
	{Ref: "F-COM", Title: "Communicatieadviseur", Department: "Bestuursondersteuning en Communicatie"},
	{Ref: "F-GRF", Title: "Griffier", Department: "Griffie", DesignatedPublication: true},
	{Ref: "F-STA", Title: "Stagiair"},
	{Ref: "P-RL", Title: "Raadslid", Department: "Gemeenteraad", DesignatedPublication: true, Political: "councillor"},
	{Ref: "P-WH", Title: "Wethouder", Department: "College van B en W", DesignatedPublication: true, DesignatedFinancial: true, Political: "alderman"},
	{Ref: "P-BM", Title: "Burgemeester", Department: "College van B en W", DesignatedPublication: true, DesignatedFinancial: true, Political: "mayor"},
}

// demoNamed are the demo accounts' holders who work here, with their
// position and department; the employee's account is linked to hers.
var demoNamed = []struct{ username, name, position, department string }{
	{"custodian", "Marco Smit", "F-GS", "Bestuursondersteuning en Communicatie"},
	{"coordinator", "Sanne de Vries", "F-INT", "Bedrijfsvoering"},
	{"adviser", "Karim El Amrani", "F-HR", "Personeel en Organisatie"},
	{"hr", "Petra Jansen", "F-HR", "Personeel en Organisatie"},
	{"controller", "Ingrid Visser", "F-CC", "Financiën"},
	{"admin", "Joost Mulder", "F-ICT", "Informatievoorziening en ICT"},
	{"griffier", "Henk Brouwer", "F-GRF", "Griffie"},
	{"clerk", "Thomas Bakker", "F-BA", "Griffie"},
	{"employee", "Fatima Yilmaz", "F-PUB", "Publiekszaken"},
}

var demoFirstNames = []string{
	"Anna", "Emma", "Sophie", "Julia", "Lisa", "Sanne", "Anouk", "Fleur", "Iris", "Lotte", "Femke", "Esther", "Marieke",
	"Ingrid", "Monique", "Linda", "Petra", "Karin", "Annemarie", "Sandra", "Wendy", "Saskia", "Maaike", "Nicole", "Yvonne",
	"Naima", "Samira", "Fatma", "Elif", "Priya", "Shanti", "Maria", "Noor", "Eva", "Zoë", "Hanneke", "Jolanda", "Miriam",
	"Jan", "Pieter", "Dirk", "Kees", "Wim", "Henk", "Bram", "Daan", "Jeroen", "Ruud", "Sander", "Martijn", "Bas", "Thijs",
	"Erik", "Marco", "Robert", "Frank", "Gert-Jan", "Jeroen", "Niels", "Stefan", "Tom", "Wouter", "Joost", "Rik", "Vincent",
	"Mohamed", "Youssef", "Mehmet", "Emre", "Ricardo", "Rajesh", "Luuk", "Sem", "Hans", "Arjan", "Koen", "Ronald", "Michiel",
}

var demoSurnames = []string{
	"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer",
	"Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
	"Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel",
	"van der Veen", "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek", "Willems",
	"van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam", "van der Wal", "Prins", "Blom",
	"Huisman", "Peeters", "de Lange", "Kuipers", "van Wijk", "Postma", "Kramer", "van den Bosch", "Martens", "Verbeek",
	"Yılmaz", "Kaya", "El Idrissi", "Bouzid", "Ramdin", "Tahiri", "Öztürk", "Mahabier", "Nguyen", "Kartosen", "Hoogland",
}

// demoCohort is how long someone has been here and on what terms.
type demoCohort int

const (
	cohortLongServing demoCohort = iota // joined more than a year ago
	cohortNew                           // joined in the past twelve months
	cohortFuture                        // starts within the coming month
)

type demoSlot struct {
	employment domain.Employment
	cohort     demoCohort
}

// demoSlots are the 320 people in service: cohort and employment.
func demoSlots() []demoSlot {
	var out []demoSlot
	add := func(n int, employment domain.Employment, c demoCohort) {
		for range n {
			out = append(out, demoSlot{employment, c})
		}
	}
	add(76, "permanent", cohortNew) // Helmond 2021: 76 permanent,
	add(38, "temporary", cohortNew) // 38 temporary
	add(9, "hired", cohortNew)      // and 9 hired newcomers
	add(8, "intern", cohortNew)
	add(155, "permanent", cohortLongServing)
	add(12, "temporary", cohortLongServing)
	add(16, "hired", cohortLongServing)
	add(2, "intern", cohortLongServing)
	add(2, "permanent", cohortFuture)
	add(1, "temporary", cohortFuture)
	add(1, "hired", cohortFuture)
	return out
}

// demoCouncilInstalled is the day the present council was installed: the
// end of March of the last election year (2022, 2026, …) before today.
func demoCouncilInstalled(today time.Time) time.Time {
	y := today.Year()
	for (y-2022)%4 != 0 || time.Date(y, 3, 31, 0, 0, 0, 0, today.Location()).After(today) {
		y--
	}
	return domain.Day(time.Date(y, 3, 31, 12, 0, 0, 0, time.UTC))
}

// seedDemoPeople fills the people register as the demo HR officer.
func seedDemoPeople(ctx context.Context, s *store.Store, params auth.Params, org *domain.Organisation) error {
	u, err := s.UserByUsername(ctx, org.ID, "hr")
	if err != nil {
		return err
	}
	actor := store.UserActor(u, "demo")
	posID := map[string]int64{}
	for _, p := range demoPositions {
		p.OrgID = org.ID
		if err := s.SavePosition(ctx, actor, &p); err != nil {
			return fmt.Errorf("demo position %s: %w", p.Ref, err)
		}
		posID[p.Ref] = p.ID
	}
	accounts := map[string]int64{}
	for _, n := range demoNamed {
		if a, err := s.UserByUsername(ctx, org.ID, n.username); err == nil {
			accounts[n.username] = a.ID
		}
	}
	people := demoPeople(domain.Day(s.Now()), posID, accounts["employee"])
	for _, p := range people {
		p.OrgID = org.ID
	}
	if err := s.SavePeople(ctx, actor, people); err != nil {
		return fmt.Errorf("demo people: %w", err)
	}
	return nil
}

// demoPeople makes the register as of today: deterministic, so every demo
// has the same people on the same days before today.
func demoPeople(today time.Time, posID map[string]int64, employeeAccount int64) []*domain.Person {
	rng := rand.New(rand.NewPCG(2021, 114))
	days := func(n int) *time.Time { d := today.AddDate(0, 0, n); return &d }
	between := func(lo, hi int) int { return lo + rng.IntN(hi-lo+1) }
	taken := map[string]bool{}
	for _, a := range demoAccounts {
		taken[a.name] = true // the accounts' holders are themselves, or nobody
	}
	name := func() string {
		for {
			n := demoFirstNames[rng.IntN(len(demoFirstNames))] + " " + demoSurnames[rng.IntN(len(demoSurnames))]
			if !taken[n] {
				taken[n] = true
				return n
			}
		}
	}
	witnesses := []string{"de gemeentesecretaris", "de gemeentesecretaris", "de gemeentesecretaris", "de burgemeester", "de afdelingsmanager"}
	// The introduction training runs every quarter, for those who joined
	// at least two weeks before; the last one was 40 days ago.
	nextTraining := func(start time.Time) *time.Time {
		after := start.AddDate(0, 0, 14)
		d := today.AddDate(0, 0, -40)
		for d.AddDate(0, 0, -91).After(after) {
			d = d.AddDate(0, 0, -91)
		}
		if !d.After(after) || d.After(today) {
			return nil
		}
		return &d
	}

	// The slots in service, shuffled over the departments; the managers and
	// the named people are long-serving and permanent.
	slots := demoSlots()
	rng.Shuffle(len(slots), func(i, j int) { slots[i], slots[j] = slots[j], slots[i] })
	type seat struct {
		dept     demoDepartment
		position string
		name     string
		account  int64
		fixed    bool // a manager or a named person: long-serving, permanent
	}
	var seats []seat
	for _, d := range demoDepartments {
		head := seat{dept: d, position: "F-AM", fixed: true}
		if d.name == "Griffie" {
			head.position = "F-GRF" // the clerk heads the council's staff
		}
		seats = append(seats, head)
		for range d.size - 1 {
			seats = append(seats, seat{dept: d, position: d.positions[rng.IntN(len(d.positions))]})
		}
	}
	for _, n := range demoNamed {
		for i := range seats {
			s := &seats[i]
			head := s.position == "F-AM" || s.position == "F-GRF"
			if s.dept.name == n.department && s.name == "" && (s.position == n.position || !head && n.position != "F-GRF") {
				s.name, s.position, s.fixed = n.name, n.position, true
				if n.username == "employee" {
					s.account = employeeAccount
				}
				break
			}
		}
	}
	// Give every fixed seat a long-serving permanent slot.
	for i := range seats {
		if !seats[i].fixed || slots[i] == (demoSlot{"permanent", cohortLongServing}) {
			continue
		}
		for j := range slots {
			if !seats[j].fixed && slots[j] == (demoSlot{"permanent", cohortLongServing}) {
				slots[i], slots[j] = slots[j], slots[i]
				break
			}
		}
	}

	// Oath or affirmation of the 114 newcomers who owe one: 85 and 29.
	kinds := make([]domain.OathKind, 0, 114)
	for i := range 114 {
		kinds = append(kinds, map[bool]domain.OathKind{true: domain.OathKindOath, false: domain.OathKindAffirmation}[i < 85])
	}
	rng.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })

	var out []*domain.Person
	for i, st := range seats {
		slot := slots[i]
		p := &domain.Person{Name: st.name, Employment: slot.employment, Department: st.dept.name, UserID: st.account}
		if p.Name == "" {
			p.Name = name()
		}
		pos := st.position
		if slot.employment == domain.EmploymentIntern {
			pos = "F-STA"
		}
		p.PositionID = posID[pos]
		sworn := domain.Owes(p.Employment, domain.OnboardingItemOath)
		switch slot.cohort {
		case cohortNew:
			start := *days(-between(25, 355))
			p.StartOn = &start
			vog := start.AddDate(0, 0, -between(7, 20))
			p.VOGOn = &vog
			decl := start.AddDate(0, 0, -between(3, 10))
			p.DeclarationOn, p.ConfidentialOn = &decl, &decl
			if sworn {
				oath := start.AddDate(0, 0, between(7, 21))
				p.OathOn, p.OathKind, p.OathWitness = &oath, kinds[0], witnesses[rng.IntN(len(witnesses))]
				kinds = kinds[1:]
			}
			if domain.Owes(p.Employment, domain.OnboardingItemIntroTraining) {
				p.IntroTrainingOn = nextTraining(start)
			}
		case cohortFuture:
			p.StartOn = days(between(7, 30))
		default:
			// Hired staff, temporary staff and interns come for a while;
			// officials in permanent service may have been here for decades.
			start := *days(-map[domain.Employment]func() int{
				domain.EmploymentPermanent: func() int { return between(400, 365*34) },
				domain.EmploymentTemporary: func() int { return between(380, 900) },
				domain.EmploymentHired:     func() int { return between(380, 1500) },
				domain.EmploymentIntern:    func() int { return between(370, 420) },
			}[slot.employment]())
			if st.fixed {
				start = *days(-between(365*4, 365*20))
			}
			p.StartOn = &start
			campaign := today.AddDate(-6, 2, 0) // the all-staff integrity programme
			at := func(before int) *time.Time {
				if start.Year() >= campaign.Year()-4 {
					d := start.AddDate(0, 0, -before)
					return &d
				}
				d := campaign.AddDate(0, 0, between(0, 60))
				return &d
			}
			p.VOGOn, p.DeclarationOn, p.ConfidentialOn = at(14), at(5), at(5)
			if sworn {
				oath := start.AddDate(0, 0, between(7, 21))
				p.OathOn, p.OathKind, p.OathWitness = &oath, "oath", witnesses[rng.IntN(len(witnesses))]
				if rng.IntN(10) < 3 {
					p.OathKind = "affirmation"
				}
			}
			if domain.Owes(p.Employment, domain.OnboardingItemIntroTraining) {
				if p.IntroTrainingOn = nextTraining(start); p.IntroTrainingOn == nil || start.Before(campaign) {
					d := campaign.AddDate(0, 1, between(0, 90))
					p.IntroTrainingOn = &d
				}
			}
		}
		out = append(out, p)
	}

	// The gaps, among people who are not the demo accounts' holders.
	free := func(c demoCohort, employment ...domain.Employment) []*domain.Person {
		var list []*domain.Person
		for i, p := range out {
			if !seats[i].fixed && slots[i].cohort == c && (len(employment) == 0 || slices.Contains(employment, p.Employment)) {
				list = append(list, p)
			}
		}
		// The longest-serving first: they joined before the rules.
		slices.SortStableFunc(list, func(a, b *domain.Person) int { return a.StartOn.Compare(*b.StartOn) })
		return list
	}
	old := free(cohortLongServing, domain.EmploymentPermanent)
	// Mostly those who joined before a VOG was asked for; a few later.
	for _, p := range slices.Concat(old[:20], []*domain.Person{old[50], old[75], old[100], old[125]}) { // with the two future starters: 26 of 320 without a VOG
		p.VOGOn = nil
	}
	mixed := slices.Clone(free(cohortLongServing))
	rng.Shuffle(len(mixed), func(i, j int) { mixed[i], mixed[j] = mixed[j], mixed[i] })
	for _, p := range mixed[:9] {
		p.DeclarationOn = nil
	}
	for _, p := range mixed[6:16] {
		p.ConfidentialOn = nil
	}
	oathless := 0
	for _, p := range old {
		if p.OathOn != nil && oathless < 5 {
			p.OathOn, p.OathKind, p.OathWitness = nil, "", ""
			oathless++
		}
	}
	trained := 0
	for _, p := range mixed[20:] {
		if p.IntroTrainingOn != nil && trained < 9 {
			p.IntroTrainingOn = nil
			trained++
		}
	}
	hired := free(cohortLongServing, domain.EmploymentHired)
	for _, p := range hired[len(hired)-3:] { // agency staff whose declaration is still to come
		p.DeclarationOn = nil
	}
	for i, p := range free(cohortFuture) {
		if i%2 == 0 {
			p.VOGOn = days(-between(2, 6))
			p.DeclarationOn = days(-between(1, 3))
		}
	}

	// HR numbers in order of joining.
	slices.SortStableFunc(out, func(a, b *domain.Person) int { return a.StartOn.Compare(*b.StartOn) })
	counters := map[string]int{}
	for _, p := range out {
		prefix := map[domain.Employment]string{domain.EmploymentPermanent: "", domain.EmploymentTemporary: "", domain.EmploymentHired: "X-", domain.EmploymentIntern: "S-"}[p.Employment]
		counters[prefix]++
		if prefix == "" {
			p.Ref = fmt.Sprintf("%06d", 100000+counters[prefix]*3)
		} else {
			p.Ref = fmt.Sprintf("%s%04d", prefix, counters[prefix])
		}
	}

	// People who left in the past two years.
	for i := range 25 {
		start := *days(-between(365*2+30, 365*15))
		end := *days(-between(5, 700))
		p := &domain.Person{Ref: fmt.Sprintf("%06d", 900000+i*7), Name: name(), Employment: []domain.Employment{domain.EmploymentPermanent, domain.EmploymentPermanent, domain.EmploymentTemporary, domain.EmploymentHired}[i%4],
			StartOn: &start, EndOn: &end}
		d := demoDepartments[rng.IntN(len(demoDepartments))]
		p.Department, p.PositionID = d.name, posID[d.positions[0]]
		vog := start.AddDate(0, 0, -14)
		p.VOGOn, p.DeclarationOn, p.ConfidentialOn = &vog, &vog, &vog
		if domain.Owes(p.Employment, domain.OnboardingItemOath) {
			oath := start.AddDate(0, 0, 14)
			p.OathOn, p.OathKind, p.OathWitness = &oath, domain.OathKindOath, "de gemeentesecretaris"
			p.IntroTrainingOn = &oath
		}
		out = append(out, p)
	}

	// The council and the executive: office holders, sworn in before the
	// council (the mayor before the King's Commissioner).
	installed := demoCouncilInstalled(today)
	officeHolder := func(ref, name, position, dept string, start time.Time, witness string) *domain.Person {
		kind := domain.OathKindOath
		if rng.IntN(3) == 0 {
			kind = domain.OathKindAffirmation
		}
		return &domain.Person{Ref: ref, Name: name, Employment: domain.EmploymentOfficeHolder, PositionID: posID[position], Department: dept,
			StartOn: &start, OathOn: &start, OathKind: kind, OathWitness: witness}
	}
	for i := range 29 {
		out = append(out, officeHolder(fmt.Sprintf("R-%02d", i+1), name(), "P-RL", "Gemeenteraad", installed, "de voorzitter van de raad"))
	}
	college := installed.AddDate(0, 2, 0)
	for i := range 5 {
		p := officeHolder(fmt.Sprintf("W-%d", i+1), name(), "P-WH", "College van B en W", college, "de voorzitter van de raad")
		vog := college.AddDate(0, 0, -21) // aldermen are screened, a VOG among it
		p.VOGOn = &vog
		out = append(out, p)
	}
	mayor := domain.Day(time.Date(today.Year()-4, today.Month(), 1, 12, 0, 0, 0, time.UTC))
	out = append(out, officeHolder("B-1", "Annelies van Dam", "P-BM", "College van B en W", mayor, "de Commissaris van de Koning"))
	return out
}
