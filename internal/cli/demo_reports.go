package cli

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/keys"
	"github.com/integer-nl/integer/internal/meldpunt"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// DemoReceipt is the receipt code of the demo report whose mailbox the demo
// invites people to open. A real code is random and shown once; this one is
// fixed so that it can be printed at every start of the demo.
const DemoReceipt = "1234567812345678"

// demoReport is one fictional report and how far its handling got.
type demoReport struct {
	daysAgo int
	channel string
	source  string
	kind    string
	named   string // the reporter's name, "" for anonymous
	whistle bool
	what    string
	where   string
	steps   []demoStep
	receipt string // fixed receipt code, else random
}

// demoStep is one action on a demo report, daysAgo before today.
type demoStep struct {
	daysAgo int
	act     func(ctx context.Context, s *store.Store, a store.Actor, orgID, id int64, kr store.Keyring) error
}

func ack(days int) demoStep {
	return demoStep{days, func(ctx context.Context, s *store.Store, a store.Actor, orgID, id int64, kr store.Keyring) error {
		return s.Acknowledge(ctx, a, orgID, id, kr, "Wij hebben uw melding ontvangen en nemen haar in behandeling. U hoort binnen drie maanden van ons.")
	}}
}

func allege(days int, category domain.Category, outcome domain.Outcome) demoStep {
	return demoStep{days, func(ctx context.Context, s *store.Store, a store.Actor, orgID, id int64, kr store.Keyring) error {
		if err := s.AddAllegation(ctx, a, orgID, id, kr, category, 0); err != nil {
			return err
		}
		if outcome == "" {
			return nil
		}
		r, err := s.OpenReport(ctx, a, orgID, id, kr)
		if err != nil {
			return err
		}
		last := r.Allegations[len(r.Allegations)-1]
		if outcome == domain.OutcomeReferred && r.ReferredTo == "" {
			// A referred allegation names where it went.
			return s.SetOutcomeReferred(ctx, a, orgID, id, last.ID, kr, outcome, "", domain.ReferralDataProtectionOfficer, "")
		}
		return s.SetOutcome(ctx, a, orgID, id, last.ID, kr, outcome, "")
	}}
}

func message(days int, body string) demoStep {
	return demoStep{days, func(ctx context.Context, s *store.Store, a store.Actor, orgID, id int64, kr store.Keyring) error {
		_, err := s.AddMessage(ctx, a, orgID, id, kr, domain.KindMessage, body)
		return err
	}}
}

// feedback sends the reporter the feedback on the assessment and follow-up.
func feedback(days int, body string) demoStep {
	return demoStep{days, func(ctx context.Context, s *store.Store, a store.Actor, orgID, id int64, kr store.Keyring) error {
		_, err := s.AddMessage(ctx, a, orgID, id, kr, domain.KindFeedback, body)
		return err
	}}
}

func minutes(days int, body string) demoStep {
	return demoStep{days, func(ctx context.Context, s *store.Store, a store.Actor, orgID, id int64, kr store.Keyring) error {
		_, err := s.AddMessage(ctx, a, orgID, id, kr, domain.KindMinutes, body)
		return err
	}}
}

func investigate(days int, kind domain.Investigation, bureau string) demoStep {
	return demoStep{days, func(ctx context.Context, s *store.Store, a store.Actor, orgID, id int64, kr store.Keyring) error {
		return s.SetInvestigation(ctx, a, orgID, id, kr, kind, bureau)
	}}
}

func measure(days int, kind domain.MeasureKind) demoStep {
	return demoStep{days, func(ctx context.Context, s *store.Store, a store.Actor, orgID, id int64, kr store.Keyring) error {
		return s.AddMeasure(ctx, a, orgID, id, kr, kind, "")
	}}
}

func closeWith(days int, body string) demoStep {
	return demoStep{days, func(ctx context.Context, s *store.Store, a store.Actor, orgID, id int64, kr store.Keyring) error {
		return s.CloseReport(ctx, a, orgID, id, kr, body)
	}}
}

// demoReports is a year of fictional reports in every state: new, due
// soon, overdue, being investigated, closed with outcomes and measures.
var demoReports = []demoReport{
	{daysAgo: 2, channel: "officials", source: "web", kind: "employee",
		what: "Een collega van de afdeling Vergunningen laat aanvragen van een bevriende aannemer voorgaan en geeft hem vooraf informatie over de beoordeling.", where: "Vergunningen"},
	{daysAgo: 6, channel: "officials", source: "web", kind: "resident",
		what: "Een handhaver heeft mij bij een controle geïntimideerd en gedreigd met een hoge boete als ik geen 'medewerking' gaf.", where: "Handhaving"},
	{daysAgo: 11, channel: "officials", source: "email", kind: "former_employee", named: "R. de Groot",
		what: "Bij de afdeling Inkoop worden opdrachten steeds net onder de aanbestedingsgrens gesplitst, steeds voor hetzelfde bureau.", where: "Inkoop"},
	{daysAgo: 40, channel: "officials", source: "web", kind: "employee", receipt: DemoReceipt,
		what: "Mijn leidinggevende maakt regelmatig seksueel getinte opmerkingen tegen stagiaires. Ik heb het zelf meerdere keren gehoord.", where: "Publiekszaken",
		steps: []demoStep{ack(38), allege(30, "undesirable_conduct", ""), investigate(30, "internal", ""),
			message(20, "Wij zijn een intern onderzoek gestart. Wilt u laten weten of u bereid bent met de onderzoekers te spreken? Dat kan ook anoniem via deze postbus.")}},
	{daysAgo: 75, channel: "officials", source: "phone", kind: "hired", named: "M. Yilmaz",
		what: "Een medewerker gebruikt de dienstauto structureel voor privéritten in het weekend.", where: "Buitendienst",
		steps: []demoStep{ack(74), minutes(74, "Verslag van het telefoongesprek: de melder zag op drie zaterdagen de dienstauto bij de woning van de medewerker staan en deze ook privé gebruiken."),
			allege(60, "misuse_of_resources", "")}},
	{daysAgo: 100, channel: "officials", source: "web", kind: "employee", whistle: true,
		what: "Vermoeden van een misstand: subsidies voor woningisolatie worden toegekend zonder de verplichte controle, met risico voor de gemeentefinanciën.", where: "Subsidies",
		steps: []demoStep{ack(97), allege(90, "wrongdoing", ""), investigate(90, "external", "Onderzoeksbureau Integriteit Noord B.V.")}},
	{daysAgo: 180, channel: "officials", source: "web", kind: "employee",
		what: "Een collega deelt vertrouwelijke informatie over een lopende aanbesteding met een inschrijver.", where: "Inkoop",
		steps: []demoStep{ack(178), allege(170, "information_misuse", "substantiated"), allege(170, "conflict_of_interest", "unsubstantiated"),
			investigate(170, "preliminary", ""), measure(120, "reprimand"), measure(120, "organisational"),
			feedback(116, "Het onderzoek naar uw melding is afgerond. Uw vermoeden is voor een deel bevestigd en de organisatie heeft passende maatregelen genomen. Om de privacy van de betrokkenen te beschermen kunnen wij u niet meer vertellen. Dank voor uw melding."),
			closeWith(115, "Wij sluiten uw melding hiermee af.")}},
	{daysAgo: 250, channel: "officials", source: "letter", kind: "business",
		what: "Een ambtenaar vroeg ons bedrijf om een 'bijdrage' aan zijn sportclub in ruil voor een snellere behandeling.", where: "Economische zaken",
		steps: []demoStep{ack(246), allege(240, "conflict_of_interest", "not_established"), investigate(240, "internal", ""),
			feedback(181, "Na onderzoek kon niet worden vastgesteld wat er is gebeurd. De betrokken afdeling heeft de werkwijze aangescherpt."),
			closeWith(180, "Wij sluiten uw melding hiermee af.")}},
	{daysAgo: 300, channel: "officials", source: "web", kind: "resident",
		what: "Ik denk dat een medewerker van de gemeente mijn persoonsgegevens heeft ingezien zonder reden.", where: "Burgerzaken",
		steps: []demoStep{ack(299), allege(290, "information_misuse", "referred"),
			feedback(281, "Uw melding is doorgestuurd naar de functionaris gegevensbescherming, die haar verder behandelt."),
			closeWith(280, "Wij sluiten uw melding hiermee af.")}},
	{daysAgo: 20, channel: "office_holders", source: "in_person", kind: "employee",
		what: "Een wethouder heeft een familielid voorgedragen voor een betaalde functie bij een gesubsidieerde stichting.", where: "College",
		steps: []demoStep{ack(19)}},
}

// seedDemoReports sets up the handlers' keys and channels, the recovery key,
// and the demo reports. It returns the recovery key's private part.
func seedDemoReports(ctx context.Context, s *store.Store, params auth.Params, org *domain.Organisation) (string, error) {
	keyrings := map[string]store.Keyring{}
	actors := map[string]store.Actor{}
	slots := keys.NewSlots()
	userKeys := keys.New(s, params, slots)
	for _, h := range []struct{ username, channel string }{{"coordinator", "officials"}, {"burgemeester", "office_holders"}, {"griffier", "mayor"}} {
		u, err := s.UserByUsername(ctx, org.ID, h.username)
		if err != nil {
			return "", err
		}
		identity, err := userKeys.Unlock(ctx, store.CLI.In(org.ID), u, demoPassword(u.Username))
		if err != nil {
			return "", err
		}
		ch, err := s.ChannelByCode(ctx, org.ID, h.channel)
		if err != nil {
			return "", err
		}
		if err := s.SetChannelHandlers(ctx, store.CLI.In(org.ID), org.ID, ch.ID, []int64{u.ID}); err != nil {
			return "", err
		}
		keyrings[h.channel] = store.Keyring{UserID: u.ID, Identity: identity}
		actors[h.channel] = store.UserActor(u, "demo")
	}
	recovery, public, err := seal.NewIdentity()
	if err != nil {
		return "", err
	}
	if err := s.SetRecoveryKey(ctx, store.CLI.In(org.ID), org.ID, public); err != nil {
		return "", err
	}
	reports := meldpunt.New(s, meldpunt.Options{Params: params, Slots: slots}) // no e-mail notices
	realNow := s.Now
	defer func() { s.Now = realNow }()
	at := func(daysAgo int) { t := realNow().AddDate(0, 0, -daysAgo); s.Now = func() time.Time { return t } }
	// Filed in the order of receipt, oldest first, as real reports are
	// numbered.
	ordered := slices.SortedStableFunc(slices.Values(demoReports), func(a, b demoReport) int { return cmp.Compare(b.daysAgo, a.daysAgo) })
	for i, d := range ordered {
		at(d.daysAgo)
		in := domain.NewReport{Channel: d.channel, Source: domain.Source(d.source), ReporterKind: domain.ReporterKind(d.kind), Anonymous: d.named == "",
			Whistleblower: d.whistle, Content: domain.ReportContent{What: d.what, Where: d.where, HowKnown: "seen"},
			Identity: domain.ReporterIdentity{Name: d.named}}
		actor := store.Reporter
		if d.source != string(domain.SourceWeb) {
			actor = actors[d.channel]
		}
		sub, err := reports.Submit(ctx, meldpunt.Submission{Org: org, By: actor, Report: in, Code: d.receipt})
		if err != nil {
			return "", fmt.Errorf("demo report %d: %w", i, err)
		}
		r := sub.Report
		for _, step := range d.steps {
			at(step.daysAgo)
			if err := step.act(ctx, s, actors[d.channel], org.ID, r.ID, keyrings[d.channel]); err != nil {
				return "", fmt.Errorf("demo report %d: %w", i, err)
			}
		}
	}
	return recovery, nil
}
