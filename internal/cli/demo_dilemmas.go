package cli

import (
	"context"
	"crypto/sha256"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// seedDemoDilemmas holds an own dilemma of the organisation, a dilemma
// session of a team that played two dilemmas from nine phones and kept a
// conclusion (closed, so it is one of the year's activities), and a session
// the employee has open, which a visitor of the demo can join from a phone
// with the code on its screen.
func seedDemoDilemmas(ctx context.Context, s *store.Store, _ auth.Params, org *domain.Organisation) error {
	coo, err := s.UserByUsername(ctx, org.ID, "coordinator")
	if err != nil {
		return err
	}
	own := &domain.Dilemma{Audience: domain.DilemmaOfficials, Theme: "gifts", NL: domain.DilemmaText{
		Title:   "Het bedankje van de aannemer",
		Text:    "Na de oplevering van de nieuwe sporthal staat er een doos wijn op je bureau, met een kaartje van de aannemer: ‘Dank voor de prettige samenwerking.’ De waarde schat je op 60 euro.",
		Options: []string{"Ik stuur de wijn terug met een vriendelijke brief", "Ik meld het bij HR en laat hen beslissen", "Ik zet de wijn bij de kerstborrel van het team"},
	}}
	if err := s.CreateDilemma(ctx, store.UserActor(coo, "demo"), org.ID, own); err != nil {
		return err
	}

	lead, err := s.UserByUsername(ctx, org.ID, "hr")
	if err != nil {
		return err
	}
	actor := store.UserActor(lead, "demo")
	ds := &domain.DilemmaSession{Title: "Teamoverleg Publiekszaken", Audience: domain.DilemmaOfficials, FacilitatorID: lead.ID}
	if err := s.StartDilemmaSession(ctx, actor, org.ID, ds); err != nil {
		return err
	}
	phone := func(n int) []byte { h := sha256.Sum256([]byte{byte(n), 'd'}); return h[:] }
	// Two dilemmas; per dilemma the phones' choices.
	rounds := []struct {
		ref        string
		choices    []int
		conclusion string
	}{
		{own.Ref, []int{1, 1, 0, 1, 1, 0, 1, 2, 1}, "Ik meld het en stuur de wijn terug, omdat ik onafhankelijk moet blijven bij de volgende opdracht, ondanks dat het goed bedoeld is."},
		{"D10", []int{0, 2, 0, 0, 1, 0, 0, 0}, ""},
	}
	for r, round := range rounds {
		if err := s.DrawDilemma(ctx, actor, org.ID, ds.ID, round.ref); err != nil {
			return err
		}
		for i, c := range round.choices {
			if err := s.VoteDilemma(ctx, org.ID, ds.Code, r+1, phone(i), c); err != nil {
				return err
			}
		}
		if err := s.SetDilemmaStep(ctx, actor, org.ID, ds.ID, domain.DilemmaConclusionStep); err != nil {
			return err
		}
		if round.conclusion != "" {
			if err := s.KeepDilemmaConclusion(ctx, actor, org.ID, ds.ID, round.conclusion); err != nil {
				return err
			}
		}
	}
	// Held two weeks ago, at noon in Amsterdam.
	held := domain.Day(s.Now().AddDate(0, 0, -14))
	if _, err := s.CloseDilemmaSession(ctx, actor, org.ID, ds.ID, held, ds.Title); err != nil {
		return err
	}

	emp, err := s.UserByUsername(ctx, org.ID, "employee")
	if err != nil {
		return err
	}
	open := &domain.DilemmaSession{Title: "Werkoverleg Vergunningen", Audience: domain.DilemmaOfficials, FacilitatorID: emp.ID}
	if err := s.StartDilemmaSession(ctx, store.UserActor(emp, "demo"), org.ID, open); err != nil {
		return err
	}
	return s.DrawDilemma(ctx, store.UserActor(emp, "demo"), org.ID, open.ID, "D37")
}
