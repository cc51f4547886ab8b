package cli

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// demoSurveyGroups are the demo survey's groups: how many were invited and
// how many answer. Bedrijfsvoering and the griffie stay below the minimum
// group size of 10, so their figures are not shown.
var demoSurveyGroups = []struct {
	group            string
	invited, answers int
}{
	{"Publiekszaken", 40, 22}, {"Ruimte", 30, 14}, {"Bedrijfsvoering", 25, 7}, {"Griffie", 6, 5},
}

// demoSurveyRemarks are open answers of this year's round; the last one is
// left unread for the controller.
var demoSurveyRemarks = []string{
	"Fijn dat dit onderzoek er is. Meer dilemmasessies in het team zou helpen.",
	"Ik weet nog steeds niet goed wat ik met een kerstpakket van een leverancier moet doen.",
	"Terugkoppeling na een melding zou het vertrouwen vergroten.",
}

// seedDemoSurveys holds last year's and this year's integrity survey, each
// answered through its invitations as staff would (the addresses are
// fictional and no e-mail is sent); last year's round is closed.
func seedDemoSurveys(ctx context.Context, s *store.Store, _ auth.Params, org *domain.Organisation) error {
	u, err := s.UserByUsername(ctx, org.ID, "controller")
	if err != nil {
		return err
	}
	actor := store.UserActor(u, "demo")
	realNow := s.Now
	defer func() { s.Now = realNow }()
	year := domain.ThisYear(realNow())
	for i, round := range []struct {
		year     int
		observed int // per cent chance of observing breaches
		report   int // per cent chance of reporting one observed
		close    bool
	}{{year - 1, 30, 20, true}, {year, 28, 27, false}} {
		day := demoLastDay(realNow(), time.March, 10).AddDate(round.year-year, 0, 0)
		if round.year == year && day.Year() < year {
			day = day.AddDate(1, 0, 0)
		}
		s.Now = func() time.Time { return day }
		sv := &domain.Survey{Title: fmt.Sprintf("Medewerkersonderzoek integriteit %d", round.year), Year: round.year, MinGroup: domain.DefaultSurveyMinGroup}
		if err := s.CreateSurvey(ctx, actor, org.ID, sv); err != nil {
			return err
		}
		rng := rand.New(rand.NewPCG(uint64(round.year), 7))
		if err := seedDemoSurveyRound(ctx, s, actor, org, sv, rng, round.observed, round.report, i == 1); err != nil {
			return err
		}
		if round.close {
			if err := s.CloseSurvey(ctx, actor, org.ID, sv.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

func seedDemoSurveyRound(ctx context.Context, s *store.Store, actor store.Actor, org *domain.Organisation, sv *domain.Survey,
	rng *rand.Rand, observed, report int, remarks bool) error {
	var invitees []domain.SurveyInvitee
	var answering []int
	for _, g := range demoSurveyGroups {
		for i := range g.invited {
			invitees = append(invitees, domain.SurveyInvitee{Email: fmt.Sprintf("medewerker%d@demo.invalid", len(invitees)), Group: g.group})
			if i < g.answers {
				answering = append(answering, len(invitees)-1)
			}
		}
	}
	tokens, err := s.InviteSurvey(ctx, actor, org.ID, sv.ID, invitees)
	if err != nil {
		return err
	}
	for n, i := range answering {
		r := &domain.SurveyResponse{Answers: map[string]int{}, Open: map[string]string{}}
		for _, q := range domain.StandardSurvey {
			switch q.Kind {
			case domain.QuestionLikert:
				r.Answers[q.Code] = 2 + rng.IntN(4)
			case domain.QuestionChoice:
				r.Answers[q.Code] = 1 + rng.IntN(len(q.Options))
			}
		}
		obs := 0
		if rng.IntN(100) < observed {
			obs = 1 + rng.IntN(3)
		}
		rep := 0
		for range obs {
			if rng.IntN(100) < report {
				rep++
			}
		}
		r.Answers[domain.QObserved], r.Answers[domain.QReported] = obs, rep
		if remarks && n < len(demoSurveyRemarks) {
			r.Open["remarks"] = demoSurveyRemarks[n]
		}
		if err := s.RespondSurvey(ctx, org.ID, tokens[i], r); err != nil {
			return fmt.Errorf("demo survey response: %w", err)
		}
	}
	if remarks {
		answers, err := s.SurveyOpenAnswers(ctx, sv.ID)
		if err != nil {
			return err
		}
		for _, a := range answers {
			if a.Text != demoSurveyRemarks[len(demoSurveyRemarks)-1] {
				if err := s.ReadOpenAnswer(ctx, actor, org.ID, sv.ID, a.ID, false); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
