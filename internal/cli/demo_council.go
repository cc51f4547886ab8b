package cli

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The council clerk's registers in the demo, in the amounts of Helmond's
// annual report 2021: 22 integrity questions of councillors in a year, 7 of
// which led to a conversation with the mayor and 1 of those to a
// preliminary inquiry; three screenings of candidate aldermen at the
// forming of a new executive; the three codes of conduct with their
// versions. Everything is fictional and names nobody.

// demoQuestionTopics are the topics of the 22 questions, oldest first ("" is
// not recorded); the questions fall every 16 days, the most recent 6 days
// ago. demoMayorQuestions are the indexes that led to a conversation with
// the mayor, demoInquiryQuestion the one that also led to a preliminary
// inquiry.
var (
	demoQuestionTopics = []string{
		"outside_positions", "gifts", "conflict_of_interest", "", "outside_positions", "conduct", "conflict_of_interest", "gifts",
		"other", "outside_positions", "conflict_of_interest", "", "gifts", "outside_positions", "conduct", "conflict_of_interest",
		"gifts", "", "outside_positions", "other", "conflict_of_interest", "gifts",
	}
	demoMayorQuestions  = map[int]bool{2: true, 5: true, 6: true, 10: true, 15: true, 18: true, 20: true}
	demoInquiryQuestion = 10
)

// demoScreening is one screening, daysAgo before today.
type demoScreening struct {
	daysAgo     int
	performedBy string
	outcome     string
	note        string
}

var demoScreenings = []demoScreening{
	{210, "BING", "no_risks", ""},
	{209, "BING", "risks_mitigated", "Nevenfunctie bij een leverancier van de gemeente wordt voor de benoeming beëindigd."},
	{205, "extern bureau", "no_risks", ""},
}

// demoCode is one adopted version of a code of conduct: on a fixed date, or
// daysAgo before today when daysAgo is set; without a version, the year of
// adoption is the version.
type demoCode struct {
	body, title, version string
	adopted              time.Time
	daysAgo              int
	publishedAt          string
}

var demoCodes = []demoCode{
	{body: "council", title: "Gedragscode integriteit gemeenteraad Voorbeeldstad", version: "2018",
		adopted: time.Date(2018, time.May, 31, 12, 0, 0, 0, time.UTC), publishedAt: "Gemeenteblad 2018, nr. 10451"},
	{body: "council", title: "Gedragscode integriteit gemeenteraad Voorbeeldstad", version: "2022",
		adopted: time.Date(2022, time.June, 30, 12, 0, 0, 0, time.UTC), publishedAt: "Gemeenteblad 2022, nr. 20988"},
	{body: "council", title: "Gedragscode integriteit gemeenteraad Voorbeeldstad",
		daysAgo: 120, publishedAt: "Gemeenteblad, raadsinformatiesysteem"},
	{body: "executive", title: "Gedragscode integriteit wethouders", version: "2018",
		adopted: time.Date(2018, time.June, 5, 12, 0, 0, 0, time.UTC), publishedAt: "Gemeenteblad 2018, nr. 11302"},
	{body: "executive", title: "Gedragscode integriteit wethouders", version: "2022",
		adopted: time.Date(2022, time.July, 5, 12, 0, 0, 0, time.UTC), publishedAt: "Gemeenteblad 2022, nr. 21410"},
	{body: "mayor", title: "Gedragscode integriteit burgemeester", version: "2019",
		adopted: time.Date(2019, time.February, 12, 12, 0, 0, 0, time.UTC), publishedAt: "Gemeentelijke website, pagina Bestuur"},
}

// seedDemoCouncil records the demo's questions, screenings and codes of
// conduct, as the clerk.
func seedDemoCouncil(ctx context.Context, s *store.Store, params auth.Params, org *domain.Organisation) error {
	u, err := s.UserByUsername(ctx, org.ID, "clerk")
	if err != nil {
		return err
	}
	actor := store.UserActor(u, "demo")
	realNow := s.Now
	defer func() { s.Now = realNow }()
	now := realNow()
	loc := demoLocation()
	// day is the date daysAgo before today, at noon in Amsterdam; the
	// store's clock is set to that afternoon, when the clerk records it.
	day := func(daysAgo int) time.Time {
		y, m, d := now.In(loc).AddDate(0, 0, -daysAgo).Date()
		t := time.Date(y, m, d, 12, 0, 0, 0, loc)
		s.Now = func() time.Time { return t.Add(4 * time.Hour) }
		return t
	}

	n := len(demoQuestionTopics)
	for i, topic := range demoQuestionTopics {
		q := &domain.CouncilQuestion{Date: day(6 + 16*(n-1-i)), Topic: domain.CouncilTopic(topic),
			MayorConversation: demoMayorQuestions[i], PreliminaryInquiry: i == demoInquiryQuestion}
		if err := s.CreateCouncilQuestion(ctx, actor, org.ID, q); err != nil {
			return fmt.Errorf("demo council question %d: %w", i, err)
		}
	}
	for i, d := range demoScreenings {
		date := day(d.daysAgo)
		x := &domain.Screening{Date: date, Reference: fmt.Sprintf("kandidaat-wethouder %d-%d", date.Year(), i+1),
			CandidateRole: domain.CandidateRoleAlderman, PerformedBy: d.performedBy, Outcome: domain.ScreeningOutcome(d.outcome), Note: d.note}
		if err := s.CreateScreening(ctx, actor, org.ID, x); err != nil {
			return fmt.Errorf("demo screening %d: %w", i, err)
		}
	}
	for i, d := range demoCodes {
		adopted := d.adopted
		if d.daysAgo > 0 {
			adopted = day(d.daysAgo)
		} else {
			s.Now = func() time.Time { return adopted.Add(24 * time.Hour) }
		}
		version := d.version
		if version == "" {
			version = strconv.Itoa(adopted.Year())
		}
		c := &domain.ConductCode{Body: domain.ConductBody(d.body), Title: d.title, Version: version, AdoptedOn: adopted, PublishedAt: d.publishedAt}
		if err := s.CreateConductCode(ctx, actor, org.ID, c); err != nil {
			return fmt.Errorf("demo code of conduct %d: %w", i, err)
		}
	}
	return nil
}
