package cli

import (
	"context"
	"fmt"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The demo's action plan: six action lines for 2025–2026 with numbered
// actions, owned by the demo accounts (the employee owns one, so the
// employee's dashboard shows it), some done, one dropped with its reason, a
// few past their planned period, and dated progress notes. The texts are
// written for the demo.

type demoAction struct {
	line        int
	text        string
	kind        domain.ActionKind
	from, until string
	owner       string // a demo account; "" for nobody yet
	status      domain.ActionStatus
	reason      string
	notes       []demoNote
}

type demoNote struct {
	daysAgo int
	text    string
}

var demoPlanLines = []string{
	"Bewustwording en het gesprek over integriteit",
	"Leiderschap en voorbeeldgedrag",
	"Regels en procedures op orde",
	"Melden, onderzoeken en opvolgen",
	"Kwetsbare functies en processen",
	"Monitoren en verantwoorden",
}

var demoActions = []demoAction{
	{1, "Dilemmasessies in elk team, eens per jaar", domain.ActionContinued, "2025-Q1", "2026-Q4", "coordinator", domain.ActionRunning, "",
		[]demoNote{{200, "Twaalf van de achttien teams hebben een sessie gehad."}, {30, "Ook het college heeft een sessie gehad."}}},
	{1, "Introductieprogramma voor nieuwe medewerkers met een module integriteit", domain.ActionNew, "2025-Q1", "2025-Q2", "hr", domain.ActionDone, "",
		[]demoNote{{400, "Module opgenomen in het introductieprogramma."}}},
	{1, "Intranetpagina over integriteit en het meldpunt vernieuwen", domain.ActionNew, "2025-Q2", "2025-Q3", "employee", domain.ActionRunning, "",
		[]demoNote{{60, "Teksten geschreven; wachten op de redactie."}}},
	{2, "Leidinggevenden trainen in het bespreekbaar maken van integriteit", domain.ActionNew, "2025-Q3", "2026-Q2", "hr", domain.ActionRunning, "",
		[]demoNote{{90, "Twee van de drie groepen getraind."}}},
	{2, "Integriteit vast agendapunt in het managementteam, elk kwartaal", domain.ActionContinued, "2025-Q1", "2026-Q4", "controller", domain.ActionRunning, "", nil},
	{3, "Gedragscode herzien en opnieuw laten vaststellen", domain.ActionNew, "2025-Q1", "2025-Q4", "controller", domain.ActionDone, "",
		[]demoNote{{300, "Vastgesteld door het college."}}},
	{3, "Regeling nevenwerkzaamheden en financiële belangen actualiseren", domain.ActionNew, "2025-Q2", "2025-Q4", "hr", domain.ActionPlanned, "", nil},
	{3, "Eed of belofte voor alle nieuwe medewerkers binnen drie maanden", domain.ActionContinued, "2025-Q1", "2026-Q4", "hr", domain.ActionRunning, "", nil},
	{4, "Meldprocedure vereenvoudigen en bekendmaken", domain.ActionNew, "2025-Q2", "2025-Q3", "coordinator", domain.ActionDone, "",
		[]demoNote{{380, "Nieuwe procedure op intranet en in de nieuwsbrief."}}},
	{4, "Vaste termijnen voor het vooronderzoek afspreken", domain.ActionNew, "2025-Q4", "2026-Q1", "coordinator", domain.ActionDropped,
		"Opgenomen in de nieuwe meldprocedure (actie 9).", nil},
	{5, "Analyse kwetsbare functies voor alle afdelingen", domain.ActionNew, "2025-Q1", "2025-Q4", "controller", domain.ActionRunning, "",
		[]demoNote{{150, "Zes van de acht afdelingen geanalyseerd."}}},
	{5, "Functieroulatie bij handhaving invoeren", domain.ActionNew, "2026-Q1", "2026-Q4", "", domain.ActionPlanned, "", nil},
	{6, "Integriteitsonderzoek onder medewerkers, elke twee jaar", domain.ActionContinued, "2026-Q1", "2026-Q2", "controller", domain.ActionDone, "",
		[]demoNote{{45, "Resultaten besproken in het managementteam."}}},
	{6, "Jaarverslag integriteit naar de raad", domain.ActionContinued, "2025-Q2", "2026-Q2", "controller", domain.ActionRunning, "", nil},
}

// seedDemoPlans records the demo's action plan, as the controller; the
// owners report their progress themselves.
func seedDemoPlans(ctx context.Context, s *store.Store, _ auth.Params, org *domain.Organisation) error {
	ctl, err := s.UserByUsername(ctx, org.ID, "controller")
	if err != nil {
		return err
	}
	actor := store.UserActor(ctl, "demo")
	plan := &domain.ActionPlan{Ref: "PVA-2025", Title: "Plan van aanpak integriteit 2025–2026", FromYear: 2025, UntilYear: 2026}
	if err := s.SavePlan(ctx, actor, org.ID, plan); err != nil {
		return err
	}
	lines := map[int]int64{}
	for i, title := range demoPlanLines {
		l := &domain.ActionLine{PlanID: plan.ID, Number: i + 1, Title: title}
		if err := s.SaveActionLine(ctx, actor, org.ID, l); err != nil {
			return err
		}
		lines[l.Number] = l.ID
	}
	today := domain.Today(s.Now())
	for i, d := range demoActions {
		a := &domain.PlanAction{PlanID: plan.ID, LineID: lines[d.line], Number: i + 1, Description: d.text, Kind: d.kind,
			Status: domain.ActionPlanned}
		a.From, _ = domain.ParseQuarter("from", d.from)
		a.Until, _ = domain.ParseQuarter("until", d.until)
		var owner *domain.User
		if d.owner != "" {
			if owner, err = s.UserByUsername(ctx, org.ID, d.owner); err != nil {
				return err
			}
			a.OwnerID = owner.ID
		}
		if err := s.SaveAction(ctx, actor, org.ID, a); err != nil {
			return fmt.Errorf("demo action %d: %w", a.Number, err)
		}
		by := actor
		if owner != nil {
			by = store.UserActor(owner, "demo")
		}
		for _, n := range d.notes {
			day := domain.DateOf(today.Start().AddDate(0, 0, -n.daysAgo))
			if err := s.ReportProgress(ctx, by, org.ID, a.ID, &domain.Progress{Status: domain.ActionRunning, Day: day, Note: n.text}); err != nil {
				return fmt.Errorf("demo action %d: %w", a.Number, err)
			}
		}
		if d.status != domain.ActionRunning || len(d.notes) == 0 {
			if err := s.ReportProgress(ctx, by, org.ID, a.ID, &domain.Progress{Status: d.status, Reason: d.reason}); err != nil {
				return fmt.Errorf("demo action %d: %w", a.Number, err)
			}
		}
	}
	return nil
}
