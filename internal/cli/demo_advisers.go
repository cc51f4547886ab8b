package cli

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The demo's confidential adviser, the internal adviser "adviser", records
// Helmond's amounts of 2021 (three advisers there) spread over the past
// twelve months: 45 first contacts, 21 cases with Helmond's kinds of issue
// and relations, 57 contacts taking 50 hours, 99 hours of other activities.
// The notes are fictional and name nobody.

// demoAdviserCases are Helmond's 21 cases of 2021 in the order they were
// opened: issue kinds and relations, separated by ";".
var demoAdviserCases = []struct{ issues, relations string }{
	{"labour_conflict_conduct", "manager"}, {"labour_conflict_conduct", "manager"}, {"labour_conflict_conduct", "manager"},
	{"labour_conflict_conduct", "manager"}, {"labour_conflict_conduct", "manager"}, {"labour_conflict_conduct", "manager"},
	{"labour_conflict_conduct", "manager"}, {"labour_conflict_conduct", "manager"}, {"labour_conflict_conduct", "manager"},
	{"labour_conflict_conduct", "manager"}, {"labour_conflict_conduct", "manager"}, {"labour_conflict_conduct", "manager"},
	{"labour_conflict_conduct", "manager"}, {"labour_conflict_conduct;bullying", "manager"},
	{"labour_conflict_conduct;other_conduct", "manager"}, {"labour_conflict_conduct;sexual_harassment", "colleague"},
	{"sexual_harassment", "colleague"}, {"sexual_harassment", "colleague"}, {"other_conduct", "colleague"},
	{"other_conduct", "colleague;manager"}, {"private_misconduct", "colleague;manager"},
}

// demoAdviserNotes are the notes of some cases, by index: short, practical
// and without anything that identifies a person.
var demoAdviserNotes = map[int]string{
	0:  "Wil eerst zelf het gesprek met de leidinggevende aangaan. Over twee weken even bellen.",
	3:  "Mogelijkheden besproken: gesprek, bemiddeling of klacht. Kiest voor bemiddeling via P&O.",
	15: "Meerdere voorvallen in hetzelfde team. Afgesproken dat de medewerker data en voorvallen bijhoudt.",
	19: "Eerste gesprek gehad; vervolgafspraak na de vakantie.",
}

// demoLooseContacts are the first contacts without a case (someone sought
// contact once): 13 conversations of 45 minutes, 7 of 30, 4 guidance
// contacts of 90 minutes.
var demoLooseContacts = func() []domain.AdviserContact {
	var out []domain.AdviserContact
	for _, g := range []struct {
		kind    domain.AdviserContactKind
		minutes int
		n       int
	}{{domain.AdviserContactKindConversation, 45, 13}, {domain.AdviserContactKindConversation, 30, 7}, {domain.AdviserContactKindGuidance, 90, 4}} {
		for range g.n {
			out = append(out, domain.AdviserContact{Kind: g.kind, Minutes: g.minutes, FirstContact: true})
		}
	}
	return out
}()

// demoAdviserActivities are the other activities in order: 12 times 4
// hours of consultation, 5 courses of 6 hours, 7 awareness events of 3.
var demoAdviserActivities = strings.Fields(strings.Repeat("consultation:240 ", 12) + strings.Repeat("training:360 ", 5) +
	strings.Repeat("awareness_event:180 ", 7))

// seedDemoAdvisers records the adviser's year. The adviser gets their key
// pair here, so that the notes can be sealed to them; their login opens it.
func seedDemoAdvisers(ctx context.Context, s *store.Store, params auth.Params, org *domain.Organisation) error {
	u, err := s.UserByUsername(ctx, org.ID, "adviser")
	if err != nil {
		return err
	}
	k, _, err := store.NewUserKey(params, u.ID, demoPassword(u.Username))
	if err != nil {
		return err
	}
	if err := s.SetUserKey(ctx, store.CLI.In(org.ID), k); err != nil {
		return err
	}
	act := store.UserActor(u, "")
	if err := s.SetAdviserKind(ctx, act, org.ID, u.ID, string(domain.AdviserKindInternal)); err != nil {
		return err
	}
	today := domain.Today(s.Now()).UTCMidnight()
	start := today.AddDate(0, 0, -360)
	day := func(n int) time.Time { return start.AddDate(0, 0, n) }

	for i, dc := range demoAdviserCases {
		c := &domain.AdviserCase{OpenedOn: day(17 * i), IssueKinds: strings.Split(dc.issues, ";"),
			Relations: strings.Split(dc.relations, ";"), FormalReport: domain.AdviserFormalReportNone, Note: demoAdviserNotes[i]}
		if closed := c.OpenedOn.AddDate(0, 0, 50); closed.Before(today) {
			c.ClosedOn = &closed
		}
		if err := s.CreateAdviserCase(ctx, act, org.ID, u.ID, c); err != nil {
			return err
		}
		first := &domain.AdviserContact{On: c.OpenedOn, Kind: domain.AdviserContactKindConversation, Minutes: 45, FirstContact: true, CaseID: c.ID}
		if err := s.RecordAdviserContact(ctx, act, org.ID, u.ID, first, false); err != nil {
			return err
		}
		if i >= 3 && i < 15 { // guidance in a complaint procedure, three weeks on
			more := &domain.AdviserContact{On: c.OpenedOn.AddDate(0, 0, 21), Kind: domain.AdviserContactKindGuidance, Minutes: 75, CaseID: c.ID}
			if err := s.RecordAdviserContact(ctx, act, org.ID, u.ID, more, false); err != nil {
				return err
			}
		}
	}
	for k, c := range demoLooseContacts {
		c.On = day(7 + 14*k)
		if err := s.RecordAdviserContact(ctx, act, org.ID, u.ID, &c, false); err != nil {
			return err
		}
	}
	for k, a := range demoAdviserActivities {
		kind, m, _ := strings.Cut(a, ":")
		minutes, err := strconv.Atoi(m)
		if err != nil {
			return err
		}
		rec := &domain.AdviserActivity{On: day(3 + 15*k), Kind: domain.AdviserActivityKind(kind), Minutes: minutes}
		if err := s.CreateAdviserActivity(ctx, act, org.ID, u.ID, rec); err != nil {
			return err
		}
	}
	return nil
}
