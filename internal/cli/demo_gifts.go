package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The demo's gifts and invitations: 40 over the past twelve months, with
// values around the threshold of € 50 (25, 45, 50, 55, 75, 150 euros and
// some others), in every decision state, and a few givers who show up
// often. Every giver and description is fictional. The demo employee
// reports three of them through self-service when their account is linked
// to a person of the people register; otherwise HR records those too.

// demoGift is one gift: how many days ago it was offered, the giver, the
// kind, what it was, its value in euros, HR's decision and how many days
// later HR decided (0: at once, when recorded). self marks the employee's
// own reports.
type demoGift struct {
	daysAgo  int
	giver    string
	kind     domain.GiftKind
	what     string
	euros    int64
	decision domain.GiftDecision
	after    int
	self     bool
}

const (
	demoGiverBuild   = "Bouwcombinatie Voorbeeldstad BV"
	demoGiverAdvice  = "Adviesbureau Stadshart"
	demoGiverSoft    = "Softwarehuis Datastroom"
	demoGiverEvents  = "Evenementenbureau Podium Oost"
	demoGiverPrinter = "Drukkerij Het Zetwerk"
	demoGiverGreen   = "Groenvoorziening De Linde"
	demoGiverBridge  = "Ingenieursbureau Brugwerk"
	demoGiverFoundat = "Stichting Ondernemend Voorbeeldstad"
	demoGiverCaterer = "Cateraar Smaakvol"
)

var demoGifts = []demoGift{
	{352, demoGiverBuild, "gift", "Kerstpakket met wijn en delicatessen", 75, "handed_in", 2, false},
	{340, demoGiverAdvice, "invitation", "Nieuwjaarsreceptie met diner", 55, "accepted_with_permission", 4, false},
	{331, "Woningcorporatie Thuishaven", "gift", "Bos bloemen na de oplevering van een wijkproject", 25, "accepted", 0, false},
	{318, demoGiverSoft, "invitation", "Klantendag met lunch en workshop", 45, "accepted", 0, false},
	{305, demoGiverBuild, "invitation", "Wedstrijd in een skybox, met diner", 150, "declined", 1, false},
	{296, demoGiverPrinter, "gift", "Agenda en pen met logo", 25, "accepted", 0, false},
	{284, demoGiverEvents, "invitation", "Twee kaartjes voor een concert", 75, "declined", 3, false},
	{271, demoGiverGreen, "gift", "Fles wijn na afronding van het onderhoudscontract", 45, "accepted", 0, false},
	{259, demoGiverAdvice, "gift", "Boekenbon", 50, "accepted", 0, false},
	{246, demoGiverBridge, "invitation", "Studiereis naar een brugproject in het buitenland", 150, "declined", 5, false},
	{233, demoGiverBuild, "gift", "Dinerbon voor twee personen", 75, "handed_in", 2, false},
	{220, demoGiverFoundat, "invitation", "Ondernemersontbijt", 25, "accepted", 0, false},
	{207, "Advocatenkantoor Meester & Partners", "invitation", "Golfdag met lunch", 150, "declined", 2, false},
	{196, demoGiverCaterer, "gift", "Taart voor het team na een evenement", 45, "accepted", 0, false},
	{184, demoGiverSoft, "gift", "Draadloze koptelefoon", 120, "handed_in", 6, false},
	{171, demoGiverEvents, "invitation", "Première van een theatervoorstelling", 55, "accepted_with_permission", 3, false},
	{160, "Schoonmaakbedrijf Glans", "gift", "Relatiegeschenk: powerbank met logo", 15, "accepted", 0, false},
	{148, demoGiverBuild, "invitation", "Zeilweekend voor opdrachtgevers", 250, "declined", 1, true},
	{137, demoGiverGreen, "gift", "Plant voor de afdeling", 35, "accepted", 0, false},
	{126, demoGiverAdvice, "invitation", "Seminar over gebiedsontwikkeling met diner", 75, "accepted_with_permission", 4, false},
	{115, "Uitzendbureau Werkvaart", "gift", "Cadeaubon van een warenhuis", 55, "handed_in", 2, false},
	{104, demoGiverPrinter, "gift", "Fles champagne", 45, "accepted", 0, false},
	{96, demoGiverEvents, "invitation", "Festivalkaarten met backstage-toegang", 150, "declined", 2, false},
	{88, "Sportclub VV De Voorhoede", "invitation", "Jubileumwedstrijd met receptie", 25, "accepted", 0, true},
	{79, demoGiverBridge, "gift", "Boek over bruggen in Nederland", 45, "accepted", 0, false},
	{71, demoGiverBuild, "gift", "Luxe kerstpakket", 150, "handed_in", 3, false},
	{63, "Garagebedrijf Autoservice Noord", "gift", "Gratis onderhoudsbeurt voor de eigen auto", 250, "declined", 1, false},
	{55, demoGiverFoundat, "invitation", "Netwerkborrel met diner", 55, "accepted_with_permission", 5, false},
	{48, "Energiebedrijf Windkracht Lokaal", "invitation", "Excursie naar een windpark met lunch", 75, "accepted_with_permission", 7, false},
	{41, demoGiverAdvice, "gift", "Wijnpakket", 75, "handed_in", 2, false},
	{35, "Architectenbureau Lijn en Vlak", "gift", "Designlamp", 120, "declined", 2, false},
	{29, demoGiverCaterer, "invitation", "Proeverij van een nieuw menu", 45, "accepted", 0, false},
	{24, demoGiverSoft, "invitation", "Congres in het buitenland, reis en hotel betaald", 250, "accepted_with_permission", 9, false},
	{19, "Makelaardij Het Anker", "gift", "Bos bloemen", 25, "accepted", 0, false},
	{15, demoGiverBuild, "invitation", "Bedrijfsuitje op de Veluwe", 150, "pending", 0, false},
	{12, "Installatiebedrijf Warmtewerk", "gift", "Slimme thermostaat", 120, "pending", 0, false},
	{9, demoGiverEvents, "invitation", "Kaartjes voor een cabaretvoorstelling", 55, "pending", 0, true},
	{6, "Vereniging van Winkeliers Centrum", "gift", "Waardebon van de binnenstad", 50, "accepted", 0, false},
	{4, demoGiverGreen, "gift", "Kerststukje", 25, "pending", 0, false},
	{2, "Taxibedrijf Stadsrit", "gift", "Tegoedbon voor taxiritten", 75, "pending", 0, false},
}

// demoGiftPeople are the people the gifts go to when the people register
// is still empty: fictional names, refs marked as the gifts demo's own.
var demoGiftPeople = []struct{ name, department string }{
	{"Fatima Yilmaz", "Publiekszaken"}, {"Ruud Verbeek", "Inkoop"}, {"Naima Bouzid", "Ruimtelijke ontwikkeling"},
	{"Gert-Jan Hoekstra", "Openbare ruimte"}, {"Lotte van der Meer", "Communicatie"}, {"Sander Kuipers", "Vastgoed"},
	{"Yvonne Martens", "Economische zaken"}, {"Bram de Lange", "ICT"},
}

// seedDemoGifts records the demo's gifts as the demo HR officer, with the
// employee's own reports when the employee's account has a person.
func seedDemoGifts(ctx context.Context, s *store.Store, params auth.Params, org *domain.Organisation) error {
	hrUser, err := s.UserByUsername(ctx, org.ID, "hr")
	if err != nil {
		return err
	}
	employee, err := s.UserByUsername(ctx, org.ID, "employee")
	if err != nil {
		return err
	}
	hr := store.UserActor(hrUser, "demo")
	people, err := s.People(ctx, org.ID, store.PeopleFilter{Current: true})
	if err != nil {
		return err
	}
	if len(people) == 0 {
		// The people register has not been seeded: make a few people of
		// our own, the first linked to the demo employee.
		for i, dp := range demoGiftPeople {
			p := &domain.Person{OrgID: org.ID, Ref: fmt.Sprintf("DEMO-GIFT-%03d", i+1), Name: dp.name, Employment: "permanent",
				Department: dp.department}
			if i == 0 {
				p.UserID = employee.ID
			}
			if err := s.SavePerson(ctx, store.CLI.In(org.ID), p); err != nil {
				return fmt.Errorf("demo gift person: %w", err)
			}
			people = append(people, p)
		}
	}
	own, err := s.PersonForUser(ctx, org.ID, employee.ID)
	if err != nil && !domain.IsNotFound(err) {
		return err
	}
	// The employee's own person never receives a gift recorded by HR, so
	// their list holds only what they reported.
	var others []*domain.Person
	for _, p := range people {
		if own == nil || p.ID != own.ID {
			others = append(others, p)
		}
	}
	if len(others) == 0 {
		return fmt.Errorf("demo gifts: no people to give to")
	}

	realNow := s.Now
	defer func() { s.Now = realNow }()
	today := domain.Day(realNow())
	at := func(t time.Time) {
		if t.After(realNow()) {
			t = realNow()
		}
		s.Now = func() time.Time { return t }
	}
	// A giver's gifts go to a few people (a project team), so the same
	// names come back; each giver has its own team.
	team := map[string]int{}
	for i, d := range demoGifts {
		offered := today.AddDate(0, 0, -d.daysAgo)
		g := &domain.Gift{OfferedOn: offered, Giver: d.giver, Kind: d.kind, Description: d.what, ValueCents: d.euros * 100, Decision: d.decision}
		if d.after > 0 {
			g.Decision = domain.GiftDecisionPending
		}
		reported := offered.AddDate(0, 0, 1).Add(9*time.Hour + time.Duration(i%5)*17*time.Minute)
		at(reported)
		if d.self && own != nil {
			g.Decision = domain.GiftDecisionPending
			if err := s.ReportOwnGift(ctx, store.UserActor(employee, "demo"), org.ID, employee.ID, g); err != nil {
				return fmt.Errorf("demo gift %d: %w", i, err)
			}
			if d.decision != domain.GiftDecisionPending && d.after == 0 {
				d.after = 2
			}
		} else {
			if _, ok := team[d.giver]; !ok {
				team[d.giver] = (len(team)*37 + 5) % len(others)
			}
			g.PersonID = others[(team[d.giver]+i%2)%len(others)].ID
			if err := s.CreateGift(ctx, hr, org.ID, g); err != nil {
				return fmt.Errorf("demo gift %d: %w", i, err)
			}
		}
		if d.decision != domain.GiftDecisionPending && g.Decision == domain.GiftDecisionPending {
			at(reported.AddDate(0, 0, d.after).Add(2 * time.Hour))
			if err := s.DecideGift(ctx, hr, org.ID, g.ID, d.decision); err != nil {
				return fmt.Errorf("demo gift %d decision: %w", i, err)
			}
		}
	}
	return nil
}
