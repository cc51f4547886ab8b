package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Generated volumes for the load tool (cmd/integer-load seed). Filing a
// report through meldpunt and handling it through the casework methods
// costs a dozen transactions, an audit entry and a key unwrap per step:
// 25 minutes for 100,000 reports. These methods write the same rows a
// report's life leaves behind (the report with its sealed content, grants,
// allegations with outcomes, measures, messages, the timeline) for a whole
// batch in one transaction: COPY on PostgreSQL, one prepared INSERT per
// row on SQLite. Each batch writes one audit entry that says what it added.
// Only for measurements: nothing else in the program calls them.

// SeedKey is the data key all generated reports of one organisation are
// sealed under, wrapped once for each handler of the channel and for the
// recovery key. Wrapping a key to an age recipient costs an X25519
// computation; once per report that would be the bottleneck at a million
// reports. Each report's fields are still sealed separately, with their
// own nonce and the row named in the associated data, so every report opens
// for the coordinator as a filed one does. Real reports never share a key.
type SeedKey struct {
	dek     seal.Key
	mailbox seal.Key // no receipt code opens it: the generated reports have none
	grants  []seedGrant
	salt    []byte // makes the receipt look-up values of this run unique
}

type seedGrant struct {
	grantee, recipient string
	wrapped            []byte
}

// NewSeedKey makes the data key for the organisation's generated reports in
// the channel and wraps it for the channel's handlers and the organisation's
// recovery key (when it has one).
func (s *Store) NewSeedKey(ctx context.Context, orgID, channelID int64) (*SeedKey, error) {
	k := &SeedKey{dek: seal.NewKey(), mailbox: seal.NewKey(), salt: seal.NewSalt()}
	err := s.inTx(ctx, func(tx *Tx) error {
		recipients, err := tx.channelRecipients(ctx, channelID)
		if err != nil {
			return err
		}
		var orgPublic string
		if err := tx.QueryRowContext(ctx, `SELECT recovery_public FROM org_keys WHERE org_id = $1`, orgID).Scan(&orgPublic); err != nil {
			return fmt.Errorf("store: organisation key: %w", err)
		}
		if orgPublic != "" {
			recipients["org"] = orgPublic
		}
		for grantee, pub := range recipients {
			wrapped, err := seal.WrapKey(pub, k.dek)
			if err != nil {
				return err
			}
			k.grants = append(k.grants, seedGrant{grantee, pub, wrapped})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(k.grants) == 0 {
		return nil, fmt.Errorf("store: seed: the channel has no handler with a key")
	}
	return k, nil
}

// SeedBatch is one transaction of generated reports of one organisation:
// reports First … First+Count-1 of a run of Total, received evenly between
// From and To (oldest first). A report is closed when its handling (55 days)
// ended before To and it is not among the newest OpenShare; an open one is
// acknowledged after two days, as a coordinator keeping the deadlines does
// (overdue reports would fill the dashboard's urgent list).
type SeedBatch struct {
	ChannelID int64
	Handler   Actor // the coordinator who handled them (events, messages)
	Key       *SeedKey
	First     int
	Count     int
	Total     int
	From, To  time.Time
	OpenShare float64
}

// SeededReports is what a batch wrote.
type SeededReports struct {
	FirstID, LastID int64
	Open, Closed    int
	Allegations     int
	Measures        int
	Messages        int
	Events          int
}

// The days after receipt at which a generated report was handled.
const (
	seedAcknowledged = 2 * 24 * time.Hour
	seedAllegation   = 5 * 24 * time.Hour
	seedOutcome      = 40 * 24 * time.Hour
	seedMeasure      = 45 * 24 * time.Hour
	seedFeedback     = 50 * 24 * time.Hour
	seedClosed       = 55 * 24 * time.Hour
)

// seedReport is the plan of one generated report.
type seedReport struct {
	j           int
	id          int64
	received    time.Time
	closed      bool
	ack         bool
	allegations int
	measure     bool
	dialogue    bool // a question from the reporter and an answer
}

func (p seedReport) messages() int {
	n := 0
	if p.ack {
		n++ // the acknowledgement
	}
	if p.dialogue {
		n += 2
	}
	if p.closed {
		n += 2 // the feedback and the closing message
	}
	return n
}

// SeedReports writes one batch of generated reports in one transaction,
// numbers them per year after the organisation's last number (and leaves
// report_numbers at the last one given, so the next submission gets the
// next number), and audits the batch as one entry.
func (s *Store) SeedReports(ctx context.Context, actor Actor, orgID int64, b SeedBatch) (SeededReports, error) {
	var out SeededReports
	if b.Count <= 0 || b.Total <= 0 || b.Key == nil || !b.From.Before(b.To) {
		return out, fmt.Errorf("store: seed: empty batch or no period")
	}
	openFrom := b.Total - int(float64(b.Total)*b.OpenShare+0.5)
	span := b.To.Sub(b.From)
	plans := make([]seedReport, b.Count)
	nAllegations, nMessages := 0, 0
	for i := range plans {
		j := b.First + i
		p := seedReport{j: j, received: b.From.Add(time.Duration(float64(span) * float64(j) / float64(b.Total))).UTC().Truncate(time.Second)}
		p.closed = j < openFrom && !p.received.Add(seedClosed).After(b.To)
		p.ack = p.closed || !p.received.Add(seedAcknowledged).After(b.To)
		p.dialogue = p.ack && j%4 == 1
		if p.closed {
			p.allegations = 1 + boolInt(j%4 == 0)
			p.measure = j%3 == 0
		}
		nAllegations += p.allegations
		nMessages += p.messages()
		plans[i] = p
	}
	err := s.inBulkTx(ctx, func(tx *Tx, bw *bulkWriter) error {
		reportIDs, err := bw.reserveIDs(ctx, "reports", b.Count)
		if err != nil {
			return err
		}
		allegationIDs, err := bw.reserveIDs(ctx, "allegations", nAllegations)
		if err != nil {
			return err
		}
		messageIDs, err := bw.reserveIDs(ctx, "report_messages", nMessages)
		if err != nil {
			return err
		}
		last, err := tx.reportNumbers(ctx, orgID)
		if err != nil {
			return err
		}
		w := newSeedRows()
		for i := range plans {
			plans[i].id = reportIDs[i]
			w.report(orgID, b, &plans[i], last, &allegationIDs, &messageIDs)
		}
		for _, t := range w.tables() {
			if err := bw.write(ctx, t); err != nil {
				return err
			}
		}
		for year, n := range last {
			if _, err := tx.ExecContext(ctx, `INSERT INTO report_numbers (org_id, year, last) VALUES ($1, $2, $3)
				ON CONFLICT (org_id, year) DO UPDATE SET last = $3`, orgID, year, n); err != nil {
				return fmt.Errorf("store: seed numbers: %w", err)
			}
		}
		out = SeededReports{FirstID: reportIDs[0], LastID: reportIDs[len(reportIDs)-1], Allegations: nAllegations,
			Measures: len(w.measures.rows), Messages: nMessages, Events: len(w.events.rows)}
		for _, p := range plans {
			if p.closed {
				out.Closed++
			} else {
				out.Open++
			}
		}
		return tx.audit(ctx, actor.In(orgID), "load.seed", "organisation", orgID,
			fmt.Sprintf("%d generated reports (ids %d–%d): %d open, %d closed", b.Count, out.FirstID, out.LastID, out.Open, out.Closed))
	})
	return out, err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// reportNumbers reads the organisation's last report number per year.
func (tx *Tx) reportNumbers(ctx context.Context, orgID int64) (map[int]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT year, last FROM report_numbers WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: report numbers: %w", err)
	}
	defer rows.Close()
	out := map[int]int64{}
	for rows.Next() {
		var year int
		var last int64
		if err := rows.Scan(&year, &last); err != nil {
			return nil, fmt.Errorf("store: report numbers: %w", err)
		}
		out[year] = last
	}
	return out, rows.Err()
}

// seedRows collects the rows of a batch per table.
type seedRows struct {
	reports, grants, allegations, measures, messages, events *bulkRows
}

func newSeedRows() *seedRows {
	return &seedRows{
		reports: &bulkRows{table: "reports", cols: []string{"id", "org_id", "channel_id", "number", "received_at", "source", "reporter_kind",
			"anonymous", "whistleblower", "state", "acknowledged_at", "feedback_at", "closed_at", "investigation", "referred_to",
			"receipt_lookup", "content", "identity", "subject", "created_at", "next_due"}},
		grants: &bulkRows{table: "report_grants", cols: []string{"report_id", "grantee", "wrapped", "recipient"}},
		allegations: &bulkRows{table: "allegations", cols: []string{"id", "report_id", "category", "outcome", "stop_reason", "created_at",
			"org_id", "received_year", "report_dismissed"}},
		measures: &bulkRows{table: "measures", cols: []string{"report_id", "kind", "created_at"}},
		messages: &bulkRows{table: "report_messages", cols: []string{"id", "report_id", "kind", "from_reporter", "author_id", "body",
			"approval", "created_at"}},
		events: &bulkRows{table: "report_events", cols: []string{"report_id", "at", "actor_id", "actor", "kind", "detail"}},
	}
}

// tables is the order of writing: the reports before what refers to them.
func (w *seedRows) tables() []*bulkRows {
	return []*bulkRows{w.reports, w.grants, w.allegations, w.measures, w.messages, w.events}
}

// seedWhat are the narratives of generated reports, in turn.
var seedWhat = []string{
	"Een collega laat zich bij aanbestedingen steeds door dezelfde leverancier uitnodigen voor diners.",
	"Bij de balie worden vergunningaanvragen van bekenden van een medewerker sneller behandeld.",
	"Een leidinggevende deelt vertrouwelijke stukken uit het college met een projectontwikkelaar.",
	"Declaraties voor dienstreizen lijken niet te kloppen met de agenda van de betrokkene.",
	"In het team wordt een medewerker stelselmatig buitengesloten en uitgescholden.",
	"Een inspecteur heeft een nevenfunctie bij een bedrijf dat hij zelf controleert.",
}

// seedSubjects are the coordinator's subjects of generated reports, in
// turn, given when a report is acknowledged: the report list unseals the
// subject of every report on its page.
var seedSubjects = []string{"Aanbesteding en diners", "Voorrang bij vergunningen", "Vertrouwelijke collegestukken",
	"Declaraties dienstreizen", "Pesten in het team", "Nevenfunctie inspecteur"}

// report adds the rows of one generated report; last numbers it per year
// and allegationIDs and messageIDs hand out the reserved ids in turn.
func (w *seedRows) report(orgID int64, b SeedBatch, p *seedReport, last map[int]int64, allegationIDs, messageIDs *[]int64) {
	j, id, r := p.j, p.id, p.received
	year := domain.DateOf(r).Year
	last[year]++
	number := fmt.Sprintf("%d-%04d", year, last[year])
	content, _ := json.Marshal(domain.ReportContent{What: fmt.Sprintf("%s (melding %d)", seedWhat[j%len(seedWhat)], j+1),
		When: "Sinds enkele maanden", Where: "Stadskantoor", Lang: "nl"})
	anonymous := j%3 != 0
	var identity any // NULL for an anonymous report
	if !anonymous {
		who, _ := json.Marshal(domain.ReporterIdentity{Name: fmt.Sprintf("Melder %d", j+1), Contact: "06-12345678"})
		identity = seal.Seal(b.Key.dek, seal.AAD("reports", "identity", id), who)
	}
	h := b.Handler
	state, investigation, referred := domain.StateReceived, domain.InvestigationNone, domain.Referral("")
	var closedAt, subject any
	var acknowledgedAt, feedbackAt *time.Time
	w.events.add(id, r, int64(0), Reporter.Name, string(domain.EventKindReceived), string(domain.SourceWeb))
	message := func(at time.Time, kind domain.MessageKind, fromReporter bool, body string) {
		mid := (*messageIDs)[0]
		*messageIDs = (*messageIDs)[1:]
		author := h.UserID
		if fromReporter {
			author = 0
		}
		w.messages.add(mid, id, string(kind), fromReporter, author, seal.Seal(b.Key.dek, seal.AAD("report_messages", "body", mid), []byte(body)), "", at)
	}
	if p.ack {
		at := r.Add(seedAcknowledged)
		state, acknowledgedAt = domain.StateAcknowledged, &at
		message(at, domain.KindSystem, false, "Wij hebben uw melding ontvangen en nemen haar in behandeling.")
		w.events.add(id, at, h.UserID, h.Name, string(domain.EventKindAcknowledged), "")
		subject = seal.Seal(b.Key.dek, seal.AAD("reports", "subject", id), []byte(seedSubjects[j%len(seedSubjects)]))
		w.events.add(id, at, h.UserID, h.Name, string(domain.EventKindSubject), "")
	}
	if p.dialogue {
		at := r.Add(seedAcknowledged + 24*time.Hour)
		message(at, domain.KindMessage, true, "Kunt u mij laten weten of er al iets met mijn melding gebeurt?")
		w.events.add(id, at, int64(0), Reporter.Name, string(domain.EventKindReporterMessage), "")
		message(at.Add(3*time.Hour), domain.KindMessage, false, "Uw melding wordt onderzocht; wij komen binnen de termijn bij u terug.")
		w.events.add(id, at.Add(3*time.Hour), h.UserID, h.Name, string(domain.EventKindMessage), string(domain.KindMessage))
	}
	for a := range p.allegations {
		aid := (*allegationIDs)[0]
		*allegationIDs = (*allegationIDs)[1:]
		category := domain.Categories[(j+a)%len(domain.Categories)]
		outcome := domain.Outcomes[(j+a)%len(domain.Outcomes)]
		var stop domain.StopReason
		switch outcome {
		case domain.OutcomeReferred:
			referred = domain.ReferralPolice // a referred allegation names where it went
		case domain.OutcomeDiscontinued:
			stop = domain.StopInsufficientInformation // a discontinued investigation says why
		}
		// The report's facts (allegationCopies): generated reports are not marked.
		w.allegations.add(aid, id, string(category), string(outcome), string(stop), r.Add(seedAllegation), orgID, year, "")
		w.events.add(id, r.Add(seedAllegation), h.UserID, h.Name, string(domain.EventKindAllegation), string(category))
		detail := fmt.Sprintf("%s %d", outcome, aid)
		if stop != "" {
			detail = fmt.Sprintf("%s %d %s", outcome, aid, stop)
		}
		w.events.add(id, r.Add(seedOutcome), h.UserID, h.Name, string(domain.EventKindOutcome), detail)
	}
	if p.closed {
		if j%5 == 0 {
			investigation = domain.InvestigationPreliminary
		} else if j%10 == 3 {
			investigation = domain.InvestigationInternal
		}
		if investigation != domain.InvestigationNone {
			w.events.add(id, r.Add(seedAllegation), h.UserID, h.Name, string(domain.EventKindInvestigation), string(investigation))
		}
		if p.measure {
			kind := domain.MeasureKinds[j%len(domain.MeasureKinds)]
			w.measures.add(id, string(kind), r.Add(seedMeasure))
			w.events.add(id, r.Add(seedMeasure), h.UserID, h.Name, string(domain.EventKindMeasure), string(kind))
		}
		feedback, closed := r.Add(seedFeedback), r.Add(seedClosed)
		message(feedback, domain.KindFeedback, false, "Uw melding is beoordeeld; de bevindingen zijn met de betrokkenen besproken.")
		w.events.add(id, feedback, h.UserID, h.Name, string(domain.EventKindMessage), "feedback")
		message(closed, domain.KindSystem, false, "Afgehandeld.")
		w.events.add(id, closed, h.UserID, h.Name, string(domain.EventKindClosed), "")
		state, feedbackAt, closedAt = domain.StateClosed, &feedback, closed
	}
	lookup := sha256.Sum256(binary.BigEndian.AppendUint64(append([]byte(nil), b.Key.salt...), uint64(id)))
	w.reports.add(id, orgID, b.ChannelID, number, r, string(domain.SourceWeb), string(domain.ReporterKinds[j%len(domain.ReporterKinds)]),
		anonymous, j%20 == 0, string(state), recStoredDay(acknowledgedAt), recStoredDay(feedbackAt), closedAt, string(investigation), string(referred),
		lookup[:], seal.Seal(b.Key.dek, seal.AAD("reports", "content", id), content), identity, subject, r, NextDue(r, acknowledgedAt, feedbackAt))
	for _, g := range b.Key.grants {
		w.grants.add(id, g.grantee, g.wrapped, g.recipient)
	}
	w.grants.add(id, "mailbox", seal.Seal(b.Key.mailbox, seal.AAD("report_grants", "mailbox", id), b.Key.dek[:]), "")
}

// SeedRegisters are the numbers of register records SeedRegisterRecords
// writes for one organisation, spread over From … To.
type SeedRegisters struct {
	People, OutsideActivities, Gifts, Aggression, Activities, AdviceRequests, AdviserCases int
	AdviserID                                                                              int64 // whose adviser cases; 0 writes none
	From, To                                                                               time.Time
}

// SeedRegisterRecords writes generated records of the other registers in
// one transaction, with one audit entry: people (outside activities and
// gifts belong to them), aggression incidents, activities, advice requests
// and, for AdviserID, adviser cases numbered per year after the adviser's
// last. Confidential text (notes, summaries) is left empty: it would need
// record keys, and no list or count reads it.
func (s *Store) SeedRegisterRecords(ctx context.Context, actor Actor, orgID int64, n SeedRegisters) error {
	if !n.From.Before(n.To) {
		return fmt.Errorf("store: seed registers: no period")
	}
	span := n.To.Sub(n.From)
	day := func(i, of int) time.Time {
		t := n.From.Add(time.Duration(float64(span) * float64(i) / float64(max(of, 1))))
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	departments := []string{"Publiekszaken", "Ruimte", "Sociaal domein", "Financiën", "Dienstverlening", "Handhaving", "Bedrijfsvoering", "Griffie"}
	return s.inBulkTx(ctx, func(tx *Tx, bw *bulkWriter) error {
		personIDs, err := bw.reserveIDs(ctx, "people", n.People)
		if err != nil {
			return err
		}
		var refs int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM people WHERE org_id = $1`, orgID).Scan(&refs); err != nil {
			return fmt.Errorf("store: seed people: %w", err)
		}
		people := &bulkRows{table: "people", cols: []string{"id", "org_id", "ref", "name", "employment", "department", "start_on", "created_at"}}
		for i, pid := range personIDs {
			start := day(i, n.People)
			people.add(pid, orgID, fmt.Sprintf("G%07d", refs+i+1), fmt.Sprintf("Medewerker %d", refs+i+1),
				string(domain.Employments[i%4]), departments[i%len(departments)], start, start)
		}
		person := func(i int) int64 { return personIDs[(i*7919)%len(personIDs)] }
		outside := &bulkRows{table: "outside_activities", cols: []string{"org_id", "person_id", "activity", "organisation", "paid",
			"hours_per_month", "income_eur", "reported_on", "status", "assessment", "assessed_by", "assessed_on", "created_at", "updated_at"}}
		gifts := &bulkRows{table: "gifts", cols: []string{"org_id", "person_id", "giver", "offered_on", "description", "value_cents",
			"kind", "decision", "decided_by", "decided_at", "created_at", "updated_at"}}
		if len(personIDs) > 0 {
			for i := range n.OutsideActivities {
				on := day(i, n.OutsideActivities)
				paid := i%2 == 0
				var income any
				if paid {
					income = int64(1000 + 250*(i%20))
				}
				assessment := domain.OutsideAssessments[i%len(domain.OutsideAssessments)]
				var by, assessedOn any
				if assessment != domain.OutsideAssessmentPending {
					by, assessedOn = nullID(actor.UserID), on.Add(14*24*time.Hour)
				}
				outside.add(orgID, person(i), "Bestuurslid", fmt.Sprintf("Stichting %d", i%50), paid, int64(4+i%12), income, on,
					string(domain.OutsideStatuses[i%len(domain.OutsideStatuses)]), string(assessment), by, assessedOn, on, on)
			}
			for i := range n.Gifts {
				on := day(i, n.Gifts)
				decision := domain.GiftDecisions[i%len(domain.GiftDecisions)]
				var by, at any
				if decision != domain.GiftDecisionPending {
					by, at = nullID(actor.UserID), on.Add(3*24*time.Hour)
				}
				gifts.add(orgID, person(i), fmt.Sprintf("Leverancier %d", i%80), on, "Kerstpakket", int64(2500+500*(i%10)),
					string(domain.GiftKinds[i%len(domain.GiftKinds)]), string(decision), by, at, on, on)
			}
		}
		aggression := &bulkRows{table: "aggression_incidents", cols: []string{"org_id", "occurred_on", "kind", "target", "department",
			"police_involved", "criminal_complaint", "aftercare_offered", "aftercare_followed_up", "description", "created_at", "updated_at"}}
		for i := range n.Aggression {
			on := day(i, n.Aggression)
			aggression.add(orgID, on, string(domain.AggressionKinds[i%len(domain.AggressionKinds)]),
				string(domain.AggressionTargets[i%len(domain.AggressionTargets)]), departments[i%len(departments)],
				i%5 == 0, i%10 == 0, true, i%2 == 0, "", on, on)
		}
		activities := &bulkRows{table: "activities", cols: []string{"org_id", "held_on", "title", "kind", "audiences", "attendance", "created_at", "updated_at"}}
		for i := range n.Activities {
			on := day(i, n.Activities)
			activities.add(orgID, on, fmt.Sprintf("Integriteitsbijeenkomst %d", i+1), string(domain.ActivityKinds[i%len(domain.ActivityKinds)]),
				string(domain.ActivityAudiences[i%len(domain.ActivityAudiences)]), int64(10+i%40), on, on)
		}
		advice := &bulkRows{table: "advice_requests", cols: []string{"org_id", "received_on", "topic", "requester", "answered_on", "created_at", "updated_at"}}
		for i := range n.AdviceRequests {
			on := day(i, n.AdviceRequests)
			advice.add(orgID, on, string(domain.AdviceTopics[i%len(domain.AdviceTopics)]), departments[i%len(departments)],
				on.Add(10*24*time.Hour), on, on)
		}
		tables := []*bulkRows{people, outside, gifts, aggression, activities, advice}
		if n.AdviserID != 0 && n.AdviserCases > 0 {
			caseTables, err := tx.seedAdviserCases(ctx, bw, orgID, n, day)
			if err != nil {
				return err
			}
			tables = append(tables, caseTables...)
		}
		for _, t := range tables {
			if err := bw.write(ctx, t); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor.In(orgID), "load.seed_registers", "organisation", orgID,
			fmt.Sprintf("generated %d people, %d outside activities, %d gifts, %d aggression incidents, %d activities, %d advice requests, %d adviser cases",
				len(people.rows), len(outside.rows), len(gifts.rows), len(aggression.rows), len(activities.rows), len(advice.rows), n.AdviserCases))
	})
}

// seedAdviserCases plans the adviser's cases, numbered per year after the
// adviser's last (and leaves adviser_case_numbers at the last one given).
func (tx *Tx) seedAdviserCases(ctx context.Context, bw *bulkWriter, orgID int64, n SeedRegisters, day func(i, of int) time.Time) ([]*bulkRows, error) {
	ids, err := bw.reserveIDs(ctx, "adviser_cases", n.AdviserCases)
	if err != nil {
		return nil, err
	}
	last := map[int]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT year, last FROM adviser_case_numbers WHERE org_id = $1 AND adviser_id = $2`, orgID, n.AdviserID)
	if err != nil {
		return nil, fmt.Errorf("store: seed adviser cases: %w", err)
	}
	for rows.Next() {
		var y int
		var l int64
		if err := rows.Scan(&y, &l); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: seed adviser cases: %w", err)
		}
		last[y] = l
	}
	rows.Close()
	cases := &bulkRows{table: "adviser_cases", cols: []string{"id", "org_id", "adviser_id", "ref", "opened_on", "formal_report", "closed_on", "created_at", "updated_at"}}
	issues := &bulkRows{table: "adviser_case_issues", cols: []string{"case_id", "kind"}}
	kinds := domain.AdviserIssueKinds()
	for i, id := range ids {
		on := day(i, n.AdviserCases)
		last[on.Year()]++
		closed := on.Add(30 * 24 * time.Hour)
		var closedOn any = closed
		if closed.After(n.To) {
			closedOn = nil
		}
		cases.add(id, orgID, n.AdviserID, fmt.Sprintf("VP-%d-%03d", on.Year(), last[on.Year()]), on,
			string(domain.AdviserFormalReports[i%len(domain.AdviserFormalReports)]), closedOn, on, on)
		issues.add(id, kinds[i%len(kinds)])
	}
	for year, l := range last {
		if _, err := tx.ExecContext(ctx, `INSERT INTO adviser_case_numbers (org_id, adviser_id, year, last) VALUES ($1, $2, $3, $4)
			ON CONFLICT (org_id, adviser_id, year) DO UPDATE SET last = $4`, orgID, n.AdviserID, year, l); err != nil {
			return nil, fmt.Errorf("store: seed adviser case numbers: %w", err)
		}
	}
	return []*bulkRows{cases, issues}, nil
}

// bulkRows are rows for one table, each with a value per column.
type bulkRows struct {
	table string
	cols  []string
	rows  [][]any
}

func (b *bulkRows) add(values ...any) { b.rows = append(b.rows, values) }

// bulkWriter writes whole tables of rows inside a transaction of one
// connection: COPY on PostgreSQL (through the connection the transaction
// runs on), one prepared INSERT per row on SQLite.
type bulkWriter struct {
	tx   *Tx
	conn *sql.Conn
}

// inBulkTx runs fn in a transaction on a connection of its own, so that
// COPY runs inside that transaction.
func (s *Store) inBulkTx(ctx context.Context, fn func(tx *Tx, bw *bulkWriter) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: connection: %w", err)
	}
	defer conn.Close()
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{Tx: sqlTx, store: s, now: s.now()}
	if err := fn(tx, &bulkWriter{tx: tx, conn: conn}); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := tx.flushAudit(ctx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

func (bw *bulkWriter) write(ctx context.Context, b *bulkRows) error {
	if len(b.rows) == 0 {
		return nil
	}
	if bw.tx.store.engine == Postgres {
		return bw.conn.Raw(func(driverConn any) error {
			c, ok := driverConn.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("store: copy %s: not a pgx connection", b.table)
			}
			if _, err := c.Conn().CopyFrom(ctx, pgx.Identifier{b.table}, b.cols, pgx.CopyFromRows(b.rows)); err != nil {
				return fmt.Errorf("store: copy %s: %w", b.table, err)
			}
			return nil
		})
	}
	marks := strings.Repeat(", ?", len(b.cols))[2:]
	stmt, err := bw.tx.PrepareContext(ctx, `INSERT INTO `+b.table+` (`+strings.Join(b.cols, ", ")+`) VALUES (`+marks+`)`)
	if err != nil {
		return fmt.Errorf("store: insert %s: %w", b.table, err)
	}
	defer stmt.Close()
	for _, row := range b.rows {
		if _, err := stmt.ExecContext(ctx, row...); err != nil {
			return fmt.Errorf("store: insert %s: %w", b.table, err)
		}
	}
	return nil
}

// seedIDs keeps two generators of this process from taking ids of the same
// PostgreSQL sequence at once, so that each batch's ids are consecutive.
var seedIDs sync.Mutex

// reserveIDs hands out n new, consecutive ids of the table (Tx.reserveIDs).
func (bw *bulkWriter) reserveIDs(ctx context.Context, table string, n int) ([]int64, error) {
	if bw.tx.store.engine == Postgres {
		seedIDs.Lock()
		defer seedIDs.Unlock()
	}
	return bw.tx.reserveIDs(ctx, table, n)
}
