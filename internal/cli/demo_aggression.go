package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The demo's aggression incidents follow Helmond's register of 2020 and
// 2021 (aggression_incidents.csv): 21 incidents in the last 12 months, 12
// of them with the police involved, against 14 in the 12 months before,
// with the register's kinds, police involvement and complaints on its days
// moved to end shortly before today. Departments, aftercare and the
// descriptions are fictional and name nobody.

// demoIncident is one row of the register: month and day, kind, police
// involved, criminal complaint. All were directed against employees.
type demoIncident struct {
	year, month, day int
	kind             string
	police, filed    bool
}

var demoIncidents = []demoIncident{
	{2020, 1, 4, "verbal", true, true}, {2020, 1, 29, "threat", true, false}, {2020, 2, 23, "intimidation", true, true},
	{2020, 3, 20, "physical", true, false}, {2020, 4, 14, "online", true, true}, {2020, 5, 9, "verbal", true, false},
	{2020, 6, 4, "threat", true, true}, {2020, 6, 29, "intimidation", true, false}, {2020, 7, 24, "physical", false, false},
	{2020, 8, 19, "online", false, false}, {2020, 9, 13, "verbal", false, false}, {2020, 10, 8, "threat", false, false},
	{2020, 11, 3, "intimidation", false, false}, {2020, 11, 28, "physical", false, false},
	{2021, 1, 4, "verbal", true, true}, {2021, 1, 20, "threat", true, false}, {2021, 2, 6, "intimidation", true, true},
	{2021, 2, 23, "physical", true, false}, {2021, 3, 12, "online", true, true}, {2021, 3, 29, "verbal", true, false},
	{2021, 4, 15, "threat", true, true}, {2021, 5, 2, "intimidation", true, false}, {2021, 5, 19, "physical", true, true},
	{2021, 6, 5, "online", true, false}, {2021, 6, 22, "verbal", true, true}, {2021, 7, 8, "threat", true, false},
	{2021, 7, 25, "intimidation", false, false}, {2021, 8, 11, "physical", false, false}, {2021, 8, 28, "online", false, false},
	{2021, 9, 14, "verbal", false, false}, {2021, 10, 1, "threat", false, false}, {2021, 10, 18, "intimidation", false, false},
	{2021, 11, 4, "physical", false, false}, {2021, 11, 21, "online", false, false}, {2021, 12, 8, "verbal", false, false},
}

var demoAggressionDepartments = []string{"Publiekszaken", "Handhaving", "Werk en inkomen", "Belastingen", "Parkeren", "Wijkteams", "Vergunningen"}

// demoAggressionDescriptions are fictional, one set per kind; some
// incidents have none.
var demoAggressionDescriptions = map[string][]string{
	"verbal": {
		"Bezoeker werd boos over de wachttijd en schold de medewerker aan de balie uit.",
		"Beller bleef schreeuwen en beledigen nadat een aanvraag was afgewezen.",
	},
	"threat": {
		"Inwoner dreigde de handhaver na het uitschrijven van een boete op te wachten.",
		"Klant dreigde terug te komen 'om het op een andere manier te regelen'.",
	},
	"physical": {
		"Bezoeker duwde een medewerker opzij bij de ingang van het stadskantoor.",
		"Bij een controle werd een handhaver aan de arm vastgepakt.",
	},
	"intimidation": {
		"Aanvrager bleef na sluitingstijd bij de balie staan en filmde de medewerker.",
		"Een groep jongeren volgde een toezichthouder tot aan de dienstauto.",
	},
	"online": {
		"Beledigende berichten over een medewerker op sociale media na een besluit over een uitkering.",
		"Foto van een medewerker met een dreigende tekst gedeeld in een buurtgroep.",
	},
}

// seedDemoAggression records the demo's incidents as the demo HR officer.
func seedDemoAggression(ctx context.Context, s *store.Store, params auth.Params, org *domain.Organisation) error {
	u, err := s.UserByUsername(ctx, org.ID, "hr")
	if err != nil {
		return err
	}
	actor := store.UserActor(u, "demo")
	realNow := s.Now
	defer func() { s.Now = realNow }()
	today := domain.Day(realNow())
	// The register's last year ends on 31 December 2021; here it ends three
	// days ago, so its first incident (4 January) falls 364 days ago and the
	// year before within the 12 months before that.
	end := time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC)
	used := map[string]int{}
	for i, d := range demoIncidents {
		days := int(end.Sub(time.Date(d.year, time.Month(d.month), d.day, 0, 0, 0, 0, time.UTC)).Hours()/24) + 3
		occurred := today.AddDate(0, 0, -days)
		a := &domain.AggressionIncident{OccurredOn: occurred, Kind: domain.AggressionKind(d.kind), Target: domain.AggressionTargetEmployee,
			Department:     demoAggressionDepartments[i%len(demoAggressionDepartments)],
			PoliceInvolved: d.police, CriminalComplaint: d.filed,
			AftercareOffered: i%7 != 3, AftercareFollowedUp: i%7 != 3 && i%4 != 1}
		if i%3 != 2 {
			list := demoAggressionDescriptions[d.kind]
			a.Description = list[used[d.kind]%len(list)]
			used[d.kind]++
		}
		at := occurred.AddDate(0, 0, 1).Add(10 * time.Hour) // registered the next morning
		if at.After(realNow()) {
			at = realNow()
		}
		s.Now = func() time.Time { return at }
		if err := s.CreateAggressionIncident(ctx, actor, org.ID, a); err != nil {
			return fmt.Errorf("demo aggression incident %d: %w", i, err)
		}
	}
	return nil
}
