package cli

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The demo's advice requests: 38 over the past year, as many per topic as
// Helmond counted in 2021 (14 outside activities, 8 policy, 10 conduct, 6
// use of resources), on the days of that year's register moved to end
// shortly before today. Who asked and the summaries are fictional; the two
// most recent questions are still open.

// demoAdviceTopics are the topics in the order of the register, with how
// many of each.
var demoAdviceTopics = []struct {
	topic string
	n     int
}{{"outside_activities", 14}, {"policy", 8}, {"conduct", 10}, {"resources", 6}}

// demoAdviceSummaries are fictional summaries per topic; every other
// request of a topic gets the next one.
var demoAdviceSummaries = map[string][]string{
	"outside_activities": {
		"Een medewerker van Vergunningen vraagt of een betaalde bestuursfunctie bij een woningcorporatie samengaat met haar werk.",
		"Vraag of het geven van betaalde cursussen in de avonduren als nevenwerkzaamheid gemeld moet worden.",
		"Een leidinggevende vraagt hoe om te gaan met een medewerker die een eigen bedrijf begint in zijn eigen vakgebied.",
		"Een handhaver wil penningmeester worden van een buurtvereniging die subsidie van de gemeente krijgt.",
	},
	"policy": {
		"Vraag hoe de gedragscode van toepassing is op berichten van medewerkers op sociale media.",
		"Inkoop vraagt hoe contacten met leveranciers tijdens een lopende aanbesteding vastgelegd moeten worden.",
	},
	"conduct": {
		"Een leidinggevende vraagt hoe hij grensoverschrijdende grappen in zijn team bespreekbaar kan maken.",
		"Een medewerker twijfelt of zij een collega moet aanspreken die in de kantine over dossiers praat.",
		"Vraag hoe te handelen nu een familielid een aanvraag indient bij de eigen afdeling.",
	},
	"resources": {
		"Vraag of de dienstfiets ook voor woon-werkverkeer gebruikt mag worden.",
		"Een medewerker vraagt of privégebruik van de zakelijke telefoon is toegestaan.",
	},
}

// demoAdviceRequesters rotate over the requests: mostly employees and
// managers, now and then an office holder or someone from outside.
var demoAdviceRequesters = []domain.AdviceRequester{"employee", "manager", "employee", "employee", "manager", "office_holder", "employee", "manager", "external", "employee", "other"}

// seedDemoAdvice records the demo's advice requests as the demo
// coordinator; the summaries are sealed for the coordinators and the
// recovery key, which seedDemoReports made.
func seedDemoAdvice(ctx context.Context, s *store.Store, params auth.Params, org *domain.Organisation) error {
	u, err := s.UserByUsername(ctx, org.ID, "coordinator")
	if err != nil {
		return err
	}
	actor := store.UserActor(u, "demo")
	realNow := s.Now
	defer func() { s.Now = realNow }()
	today := domain.Day(realNow())
	// The register's year ends on 31 December 2021; here it ends two days ago.
	end := time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC)
	shift := func(d time.Time) time.Time {
		days := int(end.Sub(d).Hours()/24) + 2
		return today.AddDate(0, 0, -days)
	}
	// The register's rhythm: a request every nine or ten days from 4 January
	// to 15 December, each answered five days later (advice_requests.csv).
	start := time.Date(2021, 1, 4, 0, 0, 0, 0, time.UTC)
	i, total := 0, 0
	for _, t := range demoAdviceTopics {
		total += t.n
	}
	used := map[string]int{}
	for _, t := range demoAdviceTopics {
		for k := range t.n {
			received := shift(start.AddDate(0, 0, int(math.Round(float64(i)*345/float64(total-1)))))
			a := &domain.AdviceRequest{ReceivedOn: received, Topic: domain.AdviceTopic(t.topic), Requester: demoAdviceRequesters[i%len(demoAdviceRequesters)]}
			registered := received
			if i < total-2 {
				answered := received.AddDate(0, 0, 5)
				a.AnsweredOn = &answered
				registered = answered
			}
			if k%2 == 0 {
				list := demoAdviceSummaries[t.topic]
				a.Summary = list[used[t.topic]%len(list)]
				used[t.topic]++
			}
			at := registered.Add(14 * time.Hour)
			s.Now = func() time.Time { return at }
			if err := s.CreateAdviceRequest(ctx, actor, org.ID, a); err != nil {
				return fmt.Errorf("demo advice request %d: %w", i, err)
			}
			i++
		}
	}
	return nil
}
