package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
)

// The register template's import (internal/register reads the files):
// every file's rows stored in one transaction, all or nothing.
//
// Rows with a key are updated when they were imported before: a report by
// its ref (reports.import_ref), an adviser's case by its ref, a person or
// position by theirs. Rows without one (advice requests, aggression
// incidents, activities, council contacts, adviser contacts and
// activities, outside activities, gifts) are marked imported; a new import
// of such a file first removes the rows imported before in the years the
// file covers, then inserts its rows. Rows typed in by hand are never
// touched.

// The import's lists, named as the template's files without ".csv"; a
// *RowError's List is one of them.
const (
	ListReports             = "reports"
	ListAllegations         = "allegations"
	ListAdviceRequests      = "advice_requests"
	ListAdviserCases        = "adviser_cases"
	ListAdviserContacts     = "adviser_contacts"
	ListAdviserActivities   = "adviser_activities"
	ListAggressionIncidents = "aggression_incidents"
	ListPeople              = "people"
	ListPositions           = "positions"
	ListOutsideActivities   = "outside_activities"
	ListGifts               = "gifts"
	ListActivities          = "activities"
	ListCouncilContacts     = "council_contacts"
	ListYearlyCounts        = "yearly_counts"
	ListOwnCategories       = "own_categories"
	ListOrganisationFacts   = "organisation_facts"
)

// The measures of yearly_counts.csv split by code: reports by outcome
// (an outcome code or "open"), by category (a code of the national
// typology) and by the organisation's own label.
const (
	YearlyReportsByOutcome  = "reports_by_outcome"
	YearlyReportsByCategory = "reports_by_category"
	YearlyReportsByOwnLabel = "reports_by_own_label"
)

// YearlyMeasures are the figures yearly_counts.csv can give for years
// before the system was used: totals (code "") and the measures split by
// code (YearlyCodedMeasures).
var YearlyMeasures = []string{"reports", "adviser_first_contacts", "aggression_incidents", "advice_requests",
	YearlyReportsByOutcome, YearlyReportsByCategory, YearlyReportsByOwnLabel}

// YearlyCodedMeasures are the measures whose rows need a code.
var YearlyCodedMeasures = []string{YearlyReportsByOutcome, YearlyReportsByCategory, YearlyReportsByOwnLabel}

// YearlyOwnLabelMaxRunes is the longest own label a yearly count can name.
const YearlyOwnLabelMaxRunes = 100

// YearlyCodes returns the codes a coded measure allows (nil for
// reports_by_own_label, which names the organisation's own labels, and
// for the totals).
func YearlyCodes(measure string) []string {
	switch measure {
	case YearlyReportsByOutcome:
		return append(domain.Strings(domain.Outcomes), "open")
	case YearlyReportsByCategory:
		return domain.Strings(domain.Categories)
	}
	return nil
}

// ImportReport is a row of reports.csv. Report carries the clear fields
// (received, source, reporter kind, anonymous, whistleblower, the dates,
// investigation, referral); Investigator is sealed like a report's
// content; Measures are codes, one entry per measure.
type ImportReport struct {
	Ref          string
	Channel      string // channel code; "" = officials
	Report       ImportReportFields
	Investigator string
	ReferredName string // the name of the body referred to (ReferralOther); sealed
	Measures     []domain.MeasureKind
}

// ImportReportFields are the clear fields of an imported report: those of
// domain.Report an import sets. A row held domain.Report whole before, 344
// bytes of which an import uses 120: 43 MB of the 93 MB in use while
// 100,000 reports were imported.
type ImportReportFields struct {
	ReceivedAt                           time.Time
	AcknowledgedAt, FeedbackAt, ClosedAt *time.Time
	Source                               domain.Source
	ReporterKind                         domain.ReporterKind
	Investigation                        domain.Investigation
	ReferredTo                           domain.Referral
	Anonymous, Whistleblower             bool
}

// Fields returns the fields as a domain.Report's.
func (f ImportReportFields) Fields() domain.Report {
	return domain.Report{ReceivedAt: f.ReceivedAt, AcknowledgedAt: f.AcknowledgedAt, FeedbackAt: f.FeedbackAt, ClosedAt: f.ClosedAt,
		Source: f.Source, ReporterKind: f.ReporterKind, Investigation: f.Investigation, ReferredTo: f.ReferredTo,
		Anonymous: f.Anonymous, Whistleblower: f.Whistleblower}
}

// ImportAllegation is a row of allegations.csv. ReferredTo, when given,
// is the body the report was referred to; the outcome "referred" needs it
// here or on the report. Allegation.OwnLabel, when given, names one of the
// organisation's own categories (of this import or known before); the
// category is then its national type and may be left "".
type ImportAllegation struct {
	ReportRef  string
	Allegation domain.Allegation
	ReferredTo domain.Referral
}

// ImportAdviserCase is a row of adviser_cases.csv; Case.Ref is the ref.
type ImportAdviserCase struct {
	Adviser string // an adviser's username or name
	Case    domain.AdviserCase
	// Group is the adviser's group (internal or external) the row states;
	// "" leaves it to the adviser's own record or to the name.
	Group domain.AdviserKind
}

// ImportAdviserContact is a row of adviser_contacts.csv.
type ImportAdviserContact struct {
	Adviser string
	CaseRef string // "" = not on a case
	Contact domain.AdviserContact
}

// ImportAdviserActivity is a row of adviser_activities.csv.
type ImportAdviserActivity struct {
	Adviser  string
	Activity domain.AdviserActivity
}

// ImportOutside is a row of outside_activities.csv.
type ImportOutside struct {
	PersonRef   string
	PositionRef string // "" = the person's position
	Activity    domain.OutsideActivity
}

// ImportGift is a row of gifts.csv.
type ImportGift struct {
	RecipientRef string
	Gift         domain.Gift
}

// ImportOwnCategory is a row of own_categories.csv: a label of the
// organisation's own categories and its national type. A label known
// before (up to case and spaces) is updated, a new one added to the end of
// the list, in the file's order.
type ImportOwnCategory struct {
	Label    string
	Category domain.Category
}

// YearlyCount is a row of yearly_counts.csv. Code is "" for a total and
// names the outcome, category or own label of a coded measure
// (YearlyCodedMeasures).
type YearlyCount struct {
	Year    int
	Measure string
	Code    string
	Count   int
}

// ImportSet is everything one import stores. A list that is empty was not
// in the import and is left alone.
type ImportSet struct {
	Reports             []ImportReport
	Allegations         []ImportAllegation
	AdviceRequests      []domain.AdviceRequest
	AdviserCases        []ImportAdviserCase
	AdviserContacts     []ImportAdviserContact
	AdviserActivities   []ImportAdviserActivity
	AggressionIncidents []domain.AggressionIncident
	Register            RegisterImport // people and positions
	OutsideActivities   []ImportOutside
	Gifts               []ImportGift
	Activities          []domain.Activity
	CouncilContacts     []domain.CouncilQuestion
	YearlyCounts        []YearlyCount
	OwnCategories       []ImportOwnCategory
	OrganisationFacts   []OrganisationFact
	VulnerablePositions []ImportVulnerable
	Actions             []ImportAction
}

// ImportCount is what an import did with one list: rows created, rows
// updated (or unchanged), and rows of an earlier import it replaced.
type ImportCount struct {
	Created  int
	Updated  int
	Replaced int
}

// ImportCounts counts per list (ListReports, …); lists not imported are
// absent.
type ImportCounts struct {
	Lists map[string]ImportCount
}

// ImportKeys are the keys an organisation already has, for checking the
// references of an import before storing it.
type ImportKeys struct {
	Reports      map[string]bool // import refs of imported reports
	AdviserCases map[string]bool // refs of the advisers' cases
	People       map[string]bool
	Positions    map[string]bool
	// OwnCategories are the national types of the organisation's own
	// categories, by domain.OwnCategoryKey of their labels.
	OwnCategories map[string]domain.Category
	// Plans are the refs of the action plans, PlanLines their lines as
	// "ref#number", Usernames the accounts' usernames (lower case), and
	// VulnerablePositions the refs of the analyses.
	Plans, PlanLines, Usernames, VulnerablePositions map[string]bool
}

// ImportKeys returns the keys the organisation has.
func (s *Store) ImportKeys(ctx context.Context, orgID int64) (*ImportKeys, error) {
	k := &ImportKeys{Reports: map[string]bool{}, AdviserCases: map[string]bool{}, People: map[string]bool{}, Positions: map[string]bool{},
		OwnCategories: map[string]domain.Category{}, Plans: map[string]bool{}, PlanLines: map[string]bool{}, Usernames: map[string]bool{},
		VulnerablePositions: map[string]bool{}}
	if err := s.importKeysPlans(ctx, orgID, k); err != nil {
		return nil, err
	}
	own, err := s.OwnCategories(ctx, orgID)
	if err != nil {
		return nil, err
	}
	for _, c := range own {
		k.OwnCategories[domain.OwnCategoryKey(c.Label)] = c.Category
	}
	for _, q := range []struct {
		query string
		into  map[string]bool
	}{
		{`SELECT import_ref FROM reports WHERE org_id = $1 AND import_ref IS NOT NULL`, k.Reports},
		{`SELECT ref FROM adviser_cases WHERE org_id = $1`, k.AdviserCases},
		{`SELECT ref FROM people WHERE org_id = $1`, k.People},
		{`SELECT ref FROM positions WHERE org_id = $1`, k.Positions},
	} {
		rows, err := s.db.QueryContext(ctx, q.query, orgID)
		if err != nil {
			return nil, fmt.Errorf("store: import keys: %w", err)
		}
		for rows.Next() {
			var ref string
			if err := rows.Scan(&ref); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: import keys: %w", err)
			}
			q.into[ref] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: import keys: %w", err)
		}
	}
	return k, nil
}

// ImportTemplate stores an import of the register template in one
// transaction: when any row fails nothing is stored, and the error is a
// *RowError naming the list and the row (from 0) that failed. Every record
// created or changed is audited, and the import as a whole once.
func (s *Store) ImportTemplate(ctx context.Context, actor Actor, orgID int64, t *ImportSet) (*ImportCounts, error) {
	out := &ImportCounts{Lists: map[string]ImportCount{}}
	err := s.inImportTx(ctx, func(tx *Tx) error {
		// No SET LOCAL plan_cache_mode = force_custom_plan here (it was, for
		// one statement whose cached plan went stale while its table grew):
		// it also replanned the foreign-key check of every inserted row, 15 s
		// of PostgreSQL's time for 100,000 reports. The statements whose plan
		// depends on the table's size are planned for each run instead
		// (Tx.execPlanned); the number check reads the numbers once.
		im := &importer{tx: tx, actor: actor, orgID: orgID, set: t, counts: out.Lists, advisers: map[string]int64{}, groups: map[int64]adviserGroup{}, byRef: map[string]importedReport{}, copies: map[int64]bool{}}
		for _, step := range []func(context.Context) error{
			im.register, im.ownCategories, im.reports, im.allegations, im.allegationCopies, im.advice, im.aggression, im.activities, im.council,
			im.adviserCases, im.adviserContacts, im.adviserActivities, im.outside, im.gifts, im.yearly, im.organisationFacts,
			im.vulnerable, im.actions,
		} {
			if err := step(ctx); err != nil {
				return err
			}
		}
		var parts []string
		for _, l := range []string{ListReports, ListAllegations, ListAdviceRequests, ListAdviserCases, ListAdviserContacts,
			ListAdviserActivities, ListAggressionIncidents, ListPeople, ListPositions, ListOutsideActivities, ListGifts,
			ListActivities, ListCouncilContacts, ListYearlyCounts, ListOwnCategories, ListOrganisationFacts, ListVulnerablePositions, ListActions} {
			if c, ok := out.Lists[l]; ok {
				parts = append(parts, fmt.Sprintf("%s %d+%d-%d", l, c.Created, c.Updated, c.Replaced))
			}
		}
		return tx.audit(ctx, actor.In(orgID), "import.template", "organisation", orgID, strings.Join(parts, ", "))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// importer runs one import inside its transaction.
type importer struct {
	tx       *Tx
	actor    Actor
	orgID    int64
	set      *ImportSet
	counts   map[string]ImportCount
	advisers map[string]int64               // by lower-case name
	groups   map[int64]adviserGroup         // advisers whose group this import knows
	byRef    map[string]importedReport      // reports by import ref
	imported map[string]importedRow         // the organisation's reports imported before, read once
	keys     map[int64]seal.Key             // the new data keys of the reports an outcome note is sealed for
	own      map[string]*domain.OwnCategory // by domain.OwnCategoryKey, read once
	// copies are the reports imported before whose allegations' copies of
	// their facts (allegationCopies) are set from them at the end: those
	// re-imported (their date of receipt may change) and those given
	// allegations (their mark is not read).
	copies map[int64]bool
}

type importedReport struct {
	id      int64
	keyed   bool // a report of this import: its data key is new (keys, when an outcome note needs it)
	created bool
	year    int // the year of receipt of a report created by this import (receivedYear)
	// referred is the body the report was referred to, when known (a
	// report of this import; referredKnown).
	referred      domain.Referral
	referredKnown bool
}

func (im *importer) count(list string, created, updated, replaced int) {
	c := im.counts[list]
	c.Created += created
	c.Updated += updated
	c.Replaced += replaced
	im.counts[list] = c
}

func (im *importer) audit(ctx context.Context, action, object string, id int64, detail string) error {
	return im.tx.audit(ctx, im.actor.In(im.orgID), action, object, id, detail)
}

func rowErr(list string, i int, err error) error {
	if err == nil {
		return nil
	}
	var re *RowError
	if errors.As(err, &re) {
		return err
	}
	if domain.AsError(err) == nil {
		return err // the database's, not the row's
	}
	return &RowError{List: list, Index: i, Err: err}
}

func (im *importer) register(ctx context.Context) error {
	in := im.set.Register
	if len(in.People) == 0 && len(in.Positions) == 0 {
		return nil
	}
	res, err := im.tx.importRegister(ctx, im.actor, im.orgID, in)
	if err != nil {
		return err
	}
	if len(in.Positions) > 0 {
		im.count(ListPositions, res.PositionsCreated, res.PositionsUpdated, 0)
	}
	if len(in.People) > 0 {
		im.count(ListPeople, res.Created, res.Updated+res.Unchanged, 0)
	}
	return nil
}

// importRegister is ImportRegister inside a transaction.
func (tx *Tx) importRegister(ctx context.Context, actor Actor, orgID int64, in RegisterImport) (ImportResult, error) {
	var res ImportResult
	posCols, peopleCols := in.PositionColumns, in.PeopleColumns
	if posCols == nil {
		posCols = domain.PositionColumns
	}
	if peopleCols == nil {
		peopleCols = domain.PeopleColumns
	}
	for i, src := range in.Positions {
		src.OrgID = orgID
		p := &domain.Position{OrgID: orgID}
		old, err := scanPosition(tx.QueryRowContext(ctx, `SELECT `+positionColumns+` FROM positions WHERE org_id = $1 AND ref = $2`, orgID, strings.TrimSpace(src.Ref)))
		switch {
		case err == nil:
			*p = *old
		case !domain.IsNotFound(err):
			return res, err
		}
		p.Take(src, posCols)
		if err := p.Validate(); err != nil {
			return res, &RowError{List: ListPositions, Index: i, Err: err}
		}
		if old == nil {
			res.PositionsCreated++
		} else {
			res.PositionsUpdated++
		}
		if old == nil || len(p.Changed(old)) > 0 {
			if err := tx.savePosition(ctx, actor, p); err != nil {
				return res, rowErr(ListPositions, i, err)
			}
		}
		src.ID = p.ID
	}
	// People at volume (an HR export of 100,000 rows): the organisation's
	// people and positions are read once, new people are inserted many
	// rows per statement, and only a changed person is written on its own.
	existing, err := tx.peopleByRef(ctx, orgID)
	if err != nil {
		return res, err
	}
	positionIDs := map[string]int64{}
	if slices.Contains(peopleCols, "position_ref") {
		if err := tx.positionIDs(ctx, orgID, positionIDs); err != nil {
			return res, err
		}
	}
	w := &peopleWriter{tx: tx, actor: actor, orgID: orgID}
	done := map[string]bool{} // refs this import wrote or found unchanged
	for i, src := range in.People {
		src.OrgID = orgID
		if slices.Contains(peopleCols, "position_ref") {
			src.PositionID = 0
			if ref := strings.TrimSpace(in.PositionRefs[i]); ref != "" {
				id, ok := positionIDs[ref]
				if !ok {
					return res, &RowError{List: ListPeople, Index: i, Err: &domain.Error{Code: domain.EINVALID, Key: "err.position_unknown", Args: []any{ref}, Field: "position_ref"}}
				}
				src.PositionID = id
			}
		}
		ref := strings.TrimSpace(src.Ref)
		old := existing[ref]
		if done[ref] {
			// The same ref twice (the register refuses that, other callers
			// may not): the first is written, so the second updates it.
			if err := w.flush(ctx); err != nil {
				return res, err
			}
			var err error
			if old, err = tx.personBy(ctx, orgID, "ref = $2", ref); err != nil {
				return res, err
			}
		}
		p := &domain.Person{OrgID: orgID}
		if old != nil {
			*p = *old
		}
		p.Take(src, peopleCols)
		if err := p.Validate(); err != nil {
			return res, &RowError{List: ListPeople, Index: i, Err: err}
		}
		// Only what is still to come stays in memory: a person written
		// is known by its ref in done.
		delete(existing, ref)
		done[ref], done[p.Ref] = true, true
		switch {
		case old == nil:
			res.Created++
			if err := w.create(ctx, i, p, src); err != nil {
				return res, err
			}
			continue
		case len(p.Changed(old)) == 0:
			res.Unchanged++
			src.ID = p.ID
			continue
		default:
			res.Updated++
		}
		if err := w.update(ctx, i, p, old); err != nil {
			return res, err
		}
		src.ID = p.ID
	}
	if err := w.flush(ctx); err != nil {
		return res, err
	}
	return res, nil
}

// peopleByRef returns the organisation's people by ref.
func (tx *Tx) peopleByRef(ctx context.Context, orgID int64) (map[string]*domain.Person, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+personColumns+` FROM people WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: people: %w", err)
	}
	defer rows.Close()
	out := map[string]*domain.Person{}
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out[p.Ref] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: people: %w", err)
	}
	return out, nil
}

// positionIDs adds the organisation's positions' ids by ref to into.
func (tx *Tx) positionIDs(ctx context.Context, orgID int64, into map[string]int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT ref, id FROM positions WHERE org_id = $1`, orgID)
	if err != nil {
		return fmt.Errorf("store: positions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ref string
		var id int64
		if err := rows.Scan(&ref, &id); err != nil {
			return fmt.Errorf("store: positions: %w", err)
		}
		into[ref] = id
	}
	return rows.Err()
}

// peopleWriter writes the people of an import: new ones peopleBatch rows
// per INSERT, changed ones with one prepared UPDATE, each audited as
// savePerson audits it. The import has already checked what savePerson
// checks (the position is the organisation's; an import links no account).
type peopleWriter struct {
	tx         *Tx
	actor      Actor
	orgID      int64
	updateStmt *sql.Stmt
	batch      []newPerson
	refs       map[string]bool // refs in batch
}

type newPerson struct {
	index int // in the import's list, for a RowError
	p     *domain.Person
	src   *domain.Person
}

// peopleBatch people are inserted with one statement: 17 values each.
const peopleBatch = 500

func personArgs(p *domain.Person) []any {
	return []any{p.OrgID, p.Ref, p.Name, p.Employment, nullID(p.PositionID), p.Department, dayArg(p.StartOn), dayArg(p.EndOn), dayArg(p.VOGOn),
		dayArg(p.OathOn), p.OathKind, p.OathWitness, dayArg(p.DeclarationOn), dayArg(p.ConfidentialOn), dayArg(p.IntroTrainingOn), nullID(p.UserID)}
}

func (w *peopleWriter) create(ctx context.Context, i int, p, src *domain.Person) error {
	w.batch = append(w.batch, newPerson{index: i, p: p, src: src})
	if len(w.batch) >= peopleBatch {
		return w.flush(ctx)
	}
	return nil
}

// flush inserts the batch, learns the new ids by ref and audits each
// person.
func (w *peopleWriter) flush(ctx context.Context) error {
	if len(w.batch) == 0 {
		return nil
	}
	var q strings.Builder
	q.WriteString(`INSERT INTO people (org_id, ref, name, employment, position_id, department, start_on, end_on,
		vog_on, oath_on, oath_kind, oath_witness, declaration_on, confidential_on, intro_training_on, user_id, created_at) VALUES `)
	args := make([]any, 0, 17*len(w.batch))
	for i, n := range w.batch {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(")
		for c := range 17 {
			if c > 0 {
				q.WriteString(", ")
			}
			q.WriteString(w.tx.placeholder(len(args) + c + 1))
		}
		q.WriteString(")")
		args = append(append(args, personArgs(n.p)...), w.tx.now)
	}
	q.WriteString(` RETURNING id, ref`)
	rows, err := w.tx.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return w.insertErr(err)
	}
	ids := make(map[string]int64, len(w.batch))
	for rows.Next() {
		var id int64
		var ref string
		if err := rows.Scan(&id, &ref); err != nil {
			rows.Close()
			return fmt.Errorf("store: save person: %w", err)
		}
		ids[ref] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return w.insertErr(err)
	}
	for _, n := range w.batch {
		id, ok := ids[n.p.Ref]
		if !ok {
			return fmt.Errorf("store: save person %s: no id returned", n.p.Ref)
		}
		n.p.ID, n.src.ID = id, id
		if err := w.tx.audit(ctx, w.actor.In(w.orgID), "person.create", "person", id, n.p.Ref); err != nil {
			return err
		}
	}
	clear(w.batch) // the people are written: let them go
	w.batch = w.batch[:0]
	return nil
}

// insertErr is the error of a batch that failed: a ref another import
// took meanwhile is the first row's conflict.
func (w *peopleWriter) insertErr(err error) error {
	if isUniqueViolation(err) {
		first := w.batch[0]
		return &RowError{List: ListPeople, Index: first.index,
			Err: &domain.Error{Code: domain.ECONFLICT, Key: "err.ref_taken", Args: []any{first.p.Ref}, Field: "ref"}}
	}
	return fmt.Errorf("store: save person: %w", err)
}

func (w *peopleWriter) update(ctx context.Context, i int, p, old *domain.Person) error {
	if w.updateStmt == nil {
		var err error
		w.updateStmt, err = w.tx.PrepareContext(ctx, `UPDATE people SET ref = $2, name = $3, employment = $4, position_id = $5, department = $6,
			start_on = $7, end_on = $8, vog_on = $9, oath_on = $10, oath_kind = $11, oath_witness = $12, declaration_on = $13,
			confidential_on = $14, intro_training_on = $15, user_id = $16 WHERE org_id = $1 AND id = $17`)
		if err != nil {
			return fmt.Errorf("store: save person: %w", err)
		}
	}
	_, err := w.updateStmt.ExecContext(ctx, append(personArgs(p), p.ID)...)
	if isUniqueViolation(err) {
		return &RowError{List: ListPeople, Index: i, Err: &domain.Error{Code: domain.ECONFLICT, Key: "err.ref_taken", Args: []any{p.Ref}, Field: "ref"}}
	}
	if err != nil {
		return fmt.Errorf("store: save person: %w", err)
	}
	return w.tx.audit(ctx, w.actor.In(w.orgID), "person.update", "person", p.ID, strings.TrimSpace(p.Ref+" "+strings.Join(p.Changed(old), ",")))
}

// importedRow is a report imported earlier: its id, and how many messages
// and attachments it has gained since (an import may not replace those).
type importedRow struct {
	id     int64
	worked int
}

// importedReports returns the organisation's imported reports by ref.
func (tx *Tx) importedReports(ctx context.Context, orgID int64) (map[string]importedRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.import_ref,
		(SELECT COUNT(*) FROM report_messages m WHERE m.report_id = r.id) + (SELECT COUNT(*) FROM report_attachments a WHERE a.report_id = r.id)
		FROM reports r WHERE r.org_id = $1 AND r.import_ref IS NOT NULL`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: imported reports: %w", err)
	}
	defer rows.Close()
	out := map[string]importedRow{}
	for rows.Next() {
		var ref string
		var r importedRow
		if err := rows.Scan(&r.id, &ref, &r.worked); err != nil {
			return nil, fmt.Errorf("store: imported reports: %w", err)
		}
		out[ref] = r
	}
	return out, rows.Err()
}

// checkImportReport checks the clear fields of an imported report.
func checkImportReport(r *domain.Report, now time.Time) error {
	if r.ReceivedAt.IsZero() {
		return domain.FieldError("received_on", "err.import_required")
	}
	if r.ReceivedAt.After(now) {
		return domain.FieldError("received_on", "err.import_future")
	}
	if r.Source == "" {
		r.Source = "web"
	}
	if !slices.Contains(domain.Sources, r.Source) {
		return domain.FieldError("channel", "err.choice_invalid")
	}
	if r.ReporterKind == "" {
		r.ReporterKind = "unknown"
	}
	if !slices.Contains(domain.ReporterKinds, r.ReporterKind) {
		return domain.FieldError("reporter_kind", "err.choice_invalid")
	}
	if r.Investigation == "" {
		r.Investigation = "none"
	}
	if !slices.Contains(domain.Investigations, r.Investigation) {
		return domain.FieldError("investigation", "err.choice_invalid")
	}
	if r.ReferredTo != "" && !slices.Contains(domain.Referrals, r.ReferredTo) {
		return domain.FieldError("referred_to", "err.choice_invalid")
	}
	for _, d := range []struct {
		column string
		at     *time.Time
	}{{"acknowledged_on", r.AcknowledgedAt}, {"feedback_on", r.FeedbackAt}, {"closed_on", r.ClosedAt}} {
		if d.at == nil {
			continue
		}
		if d.at.Before(domain.Day(r.ReceivedAt)) {
			return domain.FieldError(d.column, "err.import_before_received")
		}
		if d.at.After(now) {
			return domain.FieldError(d.column, "err.import_future")
		}
	}
	return nil
}

// allegationDetail is an imported allegation as its audit entry names it.
func allegationDetail(category domain.Category, a domain.Allegation) string {
	d := string(category) + " " + string(a.Outcome)
	if a.StopReason != "" {
		d += " " + string(a.StopReason)
	}
	return d
}

// replace removes the rows of table imported before whose column falls in
// one of the years, the years starting at midnight in loc.
func (im *importer) replace(ctx context.Context, list, table, column string, years map[int]bool, loc *time.Location) error {
	n := 0
	for y := range years {
		res, err := im.tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE org_id = $1 AND imported = TRUE AND `+column+` >= $2 AND `+column+` < $3`,
			im.orgID, time.Date(y, 1, 1, 0, 0, 0, 0, loc).UTC(), time.Date(y+1, 1, 1, 0, 0, 0, 0, loc).UTC())
		if err != nil {
			return fmt.Errorf("store: import replace %s: %w", table, err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	if n > 0 {
		im.count(list, 0, 0, n)
		return im.audit(ctx, "import.replace", table, im.orgID, fmt.Sprintf("%d imported rows of %d years", n, len(years)))
	}
	return nil
}

func yearsOf[T any](rows []T, at func(*T) time.Time, loc *time.Location) map[int]bool {
	out := map[int]bool{}
	for i := range rows {
		out[at(&rows[i]).In(loc).Year()] = true
	}
	return out
}

func (im *importer) advice(ctx context.Context) error {
	rows := im.set.AdviceRequests
	if len(rows) == 0 {
		return nil
	}
	loc := domain.Amsterdam()
	for i := range rows {
		if err := rows[i].Validate(im.tx.now); err != nil {
			return &RowError{List: ListAdviceRequests, Index: i, Err: err}
		}
	}
	if err := im.replace(ctx, ListAdviceRequests, "advice_requests", "received_on", yearsOf(rows, func(a *domain.AdviceRequest) time.Time { return a.ReceivedOn }, loc), loc); err != nil {
		return err
	}
	for i := range rows {
		a := &rows[i]
		err := im.tx.QueryRowContext(ctx, `INSERT INTO advice_requests (org_id, received_on, topic, requester, answered_on, imported, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, TRUE, $6, $6) RETURNING id`,
			im.orgID, a.ReceivedOn.UTC(), a.Topic, a.Requester, recStoredDay(a.AnsweredOn), im.tx.now).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("store: import advice request: %w", err)
		}
		im.count(ListAdviceRequests, 1, 0, 0)
		if err := im.audit(ctx, "advice.import", "advice_request", a.ID, string(a.Topic)); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) aggression(ctx context.Context) error {
	rows := im.set.AggressionIncidents
	if len(rows) == 0 {
		return nil
	}
	loc := domain.Amsterdam()
	for i := range rows {
		if err := rows[i].Validate(im.tx.now); err != nil {
			return &RowError{List: ListAggressionIncidents, Index: i, Err: err}
		}
	}
	if err := im.replace(ctx, ListAggressionIncidents, "aggression_incidents", "occurred_on", yearsOf(rows, func(a *domain.AggressionIncident) time.Time { return a.OccurredOn }, loc), loc); err != nil {
		return err
	}
	for i := range rows {
		a := &rows[i]
		err := im.tx.QueryRowContext(ctx, `INSERT INTO aggression_incidents (org_id, occurred_on, kind, target, department, police_involved,
			criminal_complaint, aftercare_offered, aftercare_followed_up, description, imported, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, TRUE, $11, $11) RETURNING id`,
			im.orgID, a.OccurredOn.UTC(), a.Kind, a.Target, a.Department, a.PoliceInvolved, a.CriminalComplaint,
			a.AftercareOffered, a.AftercareFollowedUp, a.Description, im.tx.now).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("store: import aggression incident: %w", err)
		}
		im.count(ListAggressionIncidents, 1, 0, 0)
		if err := im.audit(ctx, "aggression.import", "aggression_incident", a.ID, string(a.Kind)); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) activities(ctx context.Context) error {
	rows := im.set.Activities
	if len(rows) == 0 {
		return nil
	}
	loc := domain.Amsterdam()
	for i := range rows {
		if err := rows[i].Validate(); err != nil {
			return &RowError{List: ListActivities, Index: i, Err: err}
		}
		if err := im.tx.acNotFuture("date", rows[i].Date); err != nil {
			return &RowError{List: ListActivities, Index: i, Err: err}
		}
	}
	if err := im.replace(ctx, ListActivities, "activities", "held_on", yearsOf(rows, func(a *domain.Activity) time.Time { return a.Date }, loc), loc); err != nil {
		return err
	}
	for i := range rows {
		a := &rows[i]
		audiences, attendance := activityArgs(a)
		err := im.tx.QueryRowContext(ctx, `INSERT INTO activities (org_id, held_on, title, kind, audiences, attendance, materials, imported, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, $8, $8) RETURNING id`,
			im.orgID, a.Date.UTC(), a.Title, a.Kind, audiences, attendance, a.Materials, im.tx.now).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("store: import activity: %w", err)
		}
		im.count(ListActivities, 1, 0, 0)
		if err := im.audit(ctx, "activity.import", "activity", a.ID, string(a.Kind)+" "+audiences); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) council(ctx context.Context) error {
	rows := im.set.CouncilContacts
	if len(rows) == 0 {
		return nil
	}
	loc := domain.Amsterdam()
	for i := range rows {
		if err := rows[i].Validate(); err != nil {
			return &RowError{List: ListCouncilContacts, Index: i, Err: err}
		}
		if err := im.tx.acNotFuture("date", rows[i].Date); err != nil {
			return &RowError{List: ListCouncilContacts, Index: i, Err: err}
		}
	}
	if err := im.replace(ctx, ListCouncilContacts, "council_questions", "asked_on", yearsOf(rows, func(q *domain.CouncilQuestion) time.Time { return q.Date }, loc), loc); err != nil {
		return err
	}
	for i := range rows {
		q := &rows[i]
		err := im.tx.QueryRowContext(ctx, `INSERT INTO council_questions (org_id, asked_on, mayor_conversation, preliminary_inquiry, topic, imported, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, TRUE, $6, $6) RETURNING id`,
			im.orgID, q.Date.UTC(), q.MayorConversation, q.PreliminaryInquiry, q.Topic, im.tx.now).Scan(&q.ID)
		if err != nil {
			return fmt.Errorf("store: import council contact: %w", err)
		}
		im.count(ListCouncilContacts, 1, 0, 0)
		if err := im.audit(ctx, "council.question_import", "council_question", q.ID, questionDetail(q)); err != nil {
			return err
		}
	}
	return nil
}

// adviser finds the adviser a row names: an account of the organisation
// with the adviser role whose username or name it is. An adviser the
// organisation does not know yet gets a disabled account with the adviser
// role (no password: an administrator enables it and sets one), so that
// their figures count; its kind is external when the name says "extern",
// internal when it says "intern".
func (im *importer) adviser(ctx context.Context, list string, i int, name string) (int64, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	if key == "" {
		return 0, &RowError{List: list, Index: i, Err: domain.FieldError("adviser", "err.import_required")}
	}
	if id, ok := im.advisers[key]; ok {
		return id, nil
	}
	tx := im.tx
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE u.org_id = $1 AND r.role = $2 AND (u.username = $3 OR LOWER(u.display_name) = $3) ORDER BY u.id LIMIT 1`,
		im.orgID, string(domain.RoleAdviser), key).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		username := "vp-" + strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(key, "-"), "-")
		if len(username) > 60 {
			username = username[:60]
		}
		u := &domain.User{OrgID: im.orgID, Username: username, DisplayName: strings.TrimSpace(name), Roles: []domain.Role{domain.RoleAdviser}}
		if err := u.Validate(); err != nil {
			return 0, &RowError{List: list, Index: i, Err: domain.FieldError("adviser", "err.import_adviser_name")}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO users (org_id, username, display_name, email, password_hash, disabled, created_at)
			VALUES ($1, $2, $3, '', '', TRUE, $4) RETURNING id`, im.orgID, u.Username, u.DisplayName, tx.now).Scan(&id)
		if isUniqueViolation(err) {
			return 0, &RowError{List: list, Index: i, Err: &domain.Error{Code: domain.EINVALID, Key: "err.import_adviser_taken", Args: []any{u.Username}, Field: "adviser"}}
		}
		if err != nil {
			return 0, fmt.Errorf("store: import adviser: %w", err)
		}
		if err := tx.setRoles(ctx, id, u.Roles); err != nil {
			return 0, err
		}
		kind := ""
		switch {
		case strings.Contains(key, "extern"):
			kind = "external"
		case strings.Contains(key, "intern"):
			kind = "internal"
		}
		if kind != "" {
			im.groups[id] = adviserGroup{kind: domain.AdviserKind(kind), guessed: true}
			if _, err := tx.ExecContext(ctx, `INSERT INTO adviser_profiles (user_id, org_id, kind, updated_at) VALUES ($1, $2, $3, $4)`,
				id, im.orgID, kind, tx.now); err != nil {
				return 0, fmt.Errorf("store: import adviser: %w", err)
			}
		}
		if err := im.audit(ctx, "user.create", "user", id, u.Username+" adviser (import, disabled)"); err != nil {
			return 0, err
		}
	case err != nil:
		return 0, fmt.Errorf("store: import adviser: %w", err)
	}
	im.advisers[key] = id
	return id, nil
}

// adviserGroup is an adviser's group as an import knows it: guessed from
// a new adviser's name, or stated by a row.
type adviserGroup struct {
	kind    domain.AdviserKind
	guessed bool
}

// adviserGroup records the group a row of adviser_cases.csv states for its
// adviser ("" states none). A new adviser's group guessed from the name
// gives way to it; another group than an earlier row's, or than the one the
// adviser recorded before the import, is refused at the row.
func (im *importer) adviserGroup(ctx context.Context, i int, adviserID int64, kind domain.AdviserKind) error {
	if kind == "" {
		return nil
	}
	if !slices.Contains(domain.AdviserKinds, kind) {
		return &RowError{List: ListAdviserCases, Index: i, Err: domain.FieldError("adviser_group", "err.choice_invalid")}
	}
	known, ok := im.groups[adviserID]
	switch {
	case ok && known.kind == kind:
		if known.guessed {
			im.groups[adviserID] = adviserGroup{kind: kind}
		}
		return nil
	case ok && !known.guessed:
		return &RowError{List: ListAdviserCases, Index: i, Err: domain.FieldError("adviser_group", "err.import_adviser_group_twice")}
	case !ok:
		var recorded string
		err := im.tx.QueryRowContext(ctx, `SELECT kind FROM adviser_profiles WHERE org_id = $1 AND user_id = $2`, im.orgID, adviserID).Scan(&recorded)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: import adviser group: %w", err)
		}
		if recorded == string(kind) {
			im.groups[adviserID] = adviserGroup{kind: kind}
			return nil
		}
		if recorded != "" {
			return &RowError{List: ListAdviserCases, Index: i, Err: domain.FieldError("adviser_group", "err.import_adviser_group_differs")}
		}
	}
	im.groups[adviserID] = adviserGroup{kind: kind}
	if _, err := im.tx.ExecContext(ctx, `INSERT INTO adviser_profiles (user_id, org_id, kind, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id) DO UPDATE SET kind = $3, updated_at = $4`, adviserID, im.orgID, string(kind), im.tx.now); err != nil {
		return fmt.Errorf("store: import adviser group: %w", err)
	}
	return im.audit(ctx, "adviser.profile", "user", adviserID, string(kind)+" (import)")
}

func (im *importer) adviserCases(ctx context.Context) error {
	tx := im.tx
	for i, in := range im.set.AdviserCases {
		c := in.Case
		c.OpenedOn, c.ClosedOn = adviserDay(c.OpenedOn), adviserDayPtr(c.ClosedOn)
		c.Note = ""
		if err := c.Validate(domain.Today(tx.now).UTCMidnight()); err != nil {
			return &RowError{List: ListAdviserCases, Index: i, Err: err}
		}
		adviserID, err := im.adviser(ctx, ListAdviserCases, i, in.Adviser)
		if err != nil {
			return err
		}
		c.OrgID, c.AdviserID = im.orgID, adviserID
		if err := im.adviserGroup(ctx, i, adviserID, in.Group); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT id FROM adviser_cases WHERE org_id = $1 AND adviser_id = $2 AND ref = $3`,
			im.orgID, adviserID, c.Ref).Scan(&c.ID)
		created := errors.Is(err, sql.ErrNoRows)
		if err != nil && !created {
			return fmt.Errorf("store: import adviser case: %w", err)
		}
		if created {
			err = tx.QueryRowContext(ctx, `INSERT INTO adviser_cases (org_id, adviser_id, ref, opened_on, formal_report, closed_on, imported, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $7) RETURNING id`,
				im.orgID, adviserID, c.Ref, c.OpenedOn, c.FormalReport, c.ClosedOn, tx.now).Scan(&c.ID)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE adviser_cases SET opened_on = $3, formal_report = $4, closed_on = $5, updated_at = $6
				WHERE org_id = $1 AND id = $2`, im.orgID, c.ID, c.OpenedOn, c.FormalReport, c.ClosedOn, tx.now)
		}
		if err != nil {
			return fmt.Errorf("store: import adviser case: %w", err)
		}
		if err := tx.setCaseCodes(ctx, &c); err != nil {
			return err
		}
		action := "adviser.case_import_update"
		if created {
			action = "adviser.case_import"
			im.count(ListAdviserCases, 1, 0, 0)
		} else {
			im.count(ListAdviserCases, 0, 1, 0)
		}
		if err := im.audit(ctx, action, "adviser_case", c.ID, c.Ref); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) adviserContacts(ctx context.Context) error {
	rows := im.set.AdviserContacts
	if len(rows) == 0 {
		return nil
	}
	tx := im.tx
	for i := range rows {
		c := &rows[i].Contact
		c.On = adviserDay(c.On)
		if err := c.Validate(domain.Today(tx.now).UTCMidnight()); err != nil {
			return &RowError{List: ListAdviserContacts, Index: i, Err: err}
		}
	}
	if err := im.replace(ctx, ListAdviserContacts, "adviser_contacts", "contact_on", yearsOf(rows, func(c *ImportAdviserContact) time.Time { return c.Contact.On }, time.UTC), time.UTC); err != nil {
		return err
	}
	firsts := map[int64]int{} // first contacts per case in this file
	for i := range rows {
		in := &rows[i]
		c := &in.Contact
		adviserID, err := im.adviser(ctx, ListAdviserContacts, i, in.Adviser)
		if err != nil {
			return err
		}
		c.OrgID, c.AdviserID, c.CaseID = im.orgID, adviserID, 0
		if in.CaseRef != "" {
			err := tx.QueryRowContext(ctx, `SELECT id FROM adviser_cases WHERE org_id = $1 AND adviser_id = $2 AND ref = $3`,
				im.orgID, adviserID, in.CaseRef).Scan(&c.CaseID)
			if errors.Is(err, sql.ErrNoRows) {
				return &RowError{List: ListAdviserContacts, Index: i, Err: &domain.Error{Code: domain.EINVALID, Key: "err.import_case_unknown", Args: []any{in.CaseRef, in.Adviser}, Field: "case_ref"}}
			}
			if err != nil {
				return fmt.Errorf("store: import adviser contact: %w", err)
			}
			if c.FirstContact {
				firsts[c.CaseID]++
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM adviser_contacts WHERE case_id = $1 AND first_contact = TRUE`, c.CaseID).Scan(&n); err != nil {
					return fmt.Errorf("store: import adviser contact: %w", err)
				}
				if n > 0 {
					return &RowError{List: ListAdviserContacts, Index: i, Err: &domain.Error{Code: domain.EINVALID, Key: "err.import_first_contact_twice", Args: []any{in.CaseRef}, Field: "first_contact"}}
				}
			}
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO adviser_contacts (org_id, adviser_id, case_id, contact_on, kind, minutes, first_contact,
			imported, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, $8, $8) RETURNING id`,
			im.orgID, adviserID, adviserNullID(c.CaseID), c.On, c.Kind, c.Minutes, c.FirstContact, tx.now).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("store: import adviser contact: %w", err)
		}
		im.count(ListAdviserContacts, 1, 0, 0)
		if err := im.audit(ctx, "adviser.contact_import", "adviser_contact", c.ID, in.CaseRef); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) adviserActivities(ctx context.Context) error {
	rows := im.set.AdviserActivities
	if len(rows) == 0 {
		return nil
	}
	tx := im.tx
	for i := range rows {
		a := &rows[i].Activity
		a.On = adviserDay(a.On)
		if err := a.Validate(domain.Today(tx.now).UTCMidnight()); err != nil {
			return &RowError{List: ListAdviserActivities, Index: i, Err: err}
		}
	}
	if err := im.replace(ctx, ListAdviserActivities, "adviser_activities", "activity_on", yearsOf(rows, func(a *ImportAdviserActivity) time.Time { return a.Activity.On }, time.UTC), time.UTC); err != nil {
		return err
	}
	for i := range rows {
		a := &rows[i].Activity
		adviserID, err := im.adviser(ctx, ListAdviserActivities, i, rows[i].Adviser)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO adviser_activities (org_id, adviser_id, activity_on, kind, minutes, imported, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, TRUE, $6, $6) RETURNING id`, im.orgID, adviserID, a.On, a.Kind, a.Minutes, tx.now).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("store: import adviser activity: %w", err)
		}
		im.count(ListAdviserActivities, 1, 0, 0)
		if err := im.audit(ctx, "adviser.activity_import", "adviser_activity", a.ID, string(a.Kind)); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) personID(ctx context.Context, list string, i int, column, ref string) (int64, error) {
	var id int64
	err := im.tx.QueryRowContext(ctx, `SELECT id FROM people WHERE org_id = $1 AND ref = $2`, im.orgID, ref).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, &RowError{List: list, Index: i, Err: &domain.Error{Code: domain.EINVALID, Key: "err.import_person_unknown", Args: []any{ref}, Field: column}}
	}
	if err != nil {
		return 0, fmt.Errorf("store: import person: %w", err)
	}
	return id, nil
}

func (im *importer) outside(ctx context.Context) error {
	rows := im.set.OutsideActivities
	if len(rows) == 0 {
		return nil
	}
	tx := im.tx
	// The imported activities of the people named are replaced.
	people := map[int64]bool{}
	for i := range rows {
		in := &rows[i]
		a := &in.Activity
		id, err := im.personID(ctx, ListOutsideActivities, i, "person_ref", in.PersonRef)
		if err != nil {
			return err
		}
		a.PersonID, a.PositionID = id, 0
		people[id] = true
		if in.PositionRef != "" {
			err := tx.QueryRowContext(ctx, `SELECT id FROM positions WHERE org_id = $1 AND ref = $2`, im.orgID, in.PositionRef).Scan(&a.PositionID)
			if errors.Is(err, sql.ErrNoRows) {
				return &RowError{List: ListOutsideActivities, Index: i, Err: &domain.Error{Code: domain.EINVALID, Key: "err.position_unknown", Args: []any{in.PositionRef}, Field: "position_ref"}}
			}
			if err != nil {
				return fmt.Errorf("store: import outside activity: %w", err)
			}
		}
		if a.Status == "" {
			a.Status = "reported"
		}
		if a.Assessment == "" {
			a.Assessment = domain.OutsideAssessmentPending
		}
		if a.ReportedOn.IsZero() {
			a.ReportedOn = domain.Day(tx.now)
			if a.StartOn != nil && a.StartOn.Before(a.ReportedOn) {
				a.ReportedOn = domain.Day(*a.StartOn)
			}
		}
		if a.Assessment != domain.OutsideAssessmentPending && a.AssessedOn == nil {
			d := a.ReportedOn
			a.AssessedOn = &d
		}
		if err := a.Validate(tx.now); err != nil {
			return &RowError{List: ListOutsideActivities, Index: i, Err: err}
		}
		if !slices.Contains(domain.OutsideAssessments, a.Assessment) {
			return &RowError{List: ListOutsideActivities, Index: i, Err: domain.FieldError("assessment", "outside.err_assessment")}
		}
		if err := tx.outsideResolve(ctx, im.orgID, a); err != nil {
			return rowErr(ListOutsideActivities, i, err)
		}
	}
	n := 0
	for id := range people {
		res, err := tx.ExecContext(ctx, `DELETE FROM outside_activities WHERE org_id = $1 AND person_id = $2 AND imported = TRUE`, im.orgID, id)
		if err != nil {
			return fmt.Errorf("store: import outside activities: %w", err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	if n > 0 {
		im.count(ListOutsideActivities, 0, 0, n)
		if err := im.audit(ctx, "import.replace", "outside_activities", im.orgID, fmt.Sprintf("%d imported rows of %d people", n, len(people))); err != nil {
			return err
		}
	}
	for i := range rows {
		a := &rows[i].Activity
		err := tx.QueryRowContext(ctx, `INSERT INTO outside_activities (org_id, person_id, position_id, activity, organisation, paid,
			hours_per_month, income_eur, reported_on, start_on, end_on, status, assessment, assessed_on, reasons, imported, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, '', TRUE, $15, $15) RETURNING id`,
			im.orgID, a.PersonID, nullID(a.PositionID), a.Activity, a.Organisation, a.Paid, a.HoursPerMonth, a.IncomeEUR,
			a.ReportedOn.UTC(), outsideDay(a.StartOn), outsideDay(a.EndOn), a.Status, a.Assessment, outsideDay(a.AssessedOn), tx.now).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("store: import outside activity: %w", err)
		}
		im.count(ListOutsideActivities, 1, 0, 0)
		if err := im.audit(ctx, "outside.import", "outside_activity", a.ID, string(a.Assessment)); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) gifts(ctx context.Context) error {
	rows := im.set.Gifts
	if len(rows) == 0 {
		return nil
	}
	tx := im.tx
	threshold, err := tx.giftThreshold(ctx, im.orgID)
	if err != nil {
		return err
	}
	loc := domain.Amsterdam()
	for i := range rows {
		g := &rows[i].Gift
		if g.Kind == "" {
			g.Kind = "gift"
		}
		if g.Decision == "" {
			g.Decision = domain.GiftDecisionPending
		}
		id, err := im.personID(ctx, ListGifts, i, "recipient_ref", rows[i].RecipientRef)
		if err != nil {
			return err
		}
		g.PersonID = id
		if err := g.Validate(tx.now, threshold); err != nil {
			return &RowError{List: ListGifts, Index: i, Err: err}
		}
	}
	if err := im.replace(ctx, ListGifts, "gifts", "offered_on", yearsOf(rows, func(g *ImportGift) time.Time { return g.Gift.OfferedOn }, loc), loc); err != nil {
		return err
	}
	for i := range rows {
		g := &rows[i].Gift
		var decidedAt any
		if g.Decision != domain.GiftDecisionPending {
			decidedAt = g.OfferedOn.UTC()
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO gifts (org_id, person_id, giver, offered_on, description, value_cents, kind, decision,
			decided_by, decided_at, self_reported, imported, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, FALSE, TRUE, $10, $10) RETURNING id`,
			im.orgID, g.PersonID, g.Giver, g.OfferedOn.UTC(), g.Description, g.ValueCents, g.Kind, g.Decision, decidedAt, tx.now).Scan(&g.ID)
		if err != nil {
			return fmt.Errorf("store: import gift: %w", err)
		}
		im.count(ListGifts, 1, 0, 0)
		if err := im.audit(ctx, "gift.import", "gift", g.ID, string(g.Kind)+" "+string(g.Decision)+" "+strconv.FormatInt(g.ValueCents, 10)); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) yearly(ctx context.Context) error {
	for i, y := range im.set.YearlyCounts {
		if err := checkYearlyCount(y); err != nil {
			return &RowError{List: ListYearlyCounts, Index: i, Err: err}
		}
		created, err := im.tx.setYearlyCount(ctx, im.orgID, y)
		if err != nil {
			return err
		}
		if created {
			im.count(ListYearlyCounts, 1, 0, 0)
		} else {
			im.count(ListYearlyCounts, 0, 1, 0)
		}
		if err := im.audit(ctx, "import.yearly_count", "organisation", im.orgID, yearlyDetail(y)); err != nil {
			return err
		}
	}
	return nil
}

// yearlyDetail is a yearly count as its audit entry names it.
func yearlyDetail(y YearlyCount) string {
	if y.Code == "" {
		return fmt.Sprintf("%d %s %d", y.Year, y.Measure, y.Count)
	}
	return fmt.Sprintf("%d %s %s %d", y.Year, y.Measure, y.Code, y.Count)
}

func checkYearlyCount(y YearlyCount) error {
	if !domain.YearValid(y.Year) {
		return domain.FieldError("year", "err.date_invalid")
	}
	if !slices.Contains(YearlyMeasures, y.Measure) {
		return domain.FieldError("measure", "err.choice_invalid")
	}
	if err := checkYearlyCode(y.Measure, y.Code); err != nil {
		return err
	}
	if y.Count < 0 {
		return domain.FieldError("count", "err.import_count_invalid")
	}
	return nil
}

// checkYearlyCode: a total has no code; a coded measure has one of its
// codes, or an own label of at most YearlyOwnLabelMaxRunes.
func checkYearlyCode(measure, code string) error {
	switch {
	case !slices.Contains(YearlyCodedMeasures, measure):
		if code != "" {
			return domain.FieldError("code", "err.import_code_not_allowed")
		}
	case code == "":
		return domain.FieldError("code", "err.import_code_required")
	case measure == YearlyReportsByOwnLabel:
		if utf8.RuneCountInString(code) > YearlyOwnLabelMaxRunes || strings.TrimSpace(code) != code {
			return domain.FieldError("code", "err.import_code_invalid")
		}
	case !slices.Contains(YearlyCodes(measure), code):
		return domain.FieldError("code", "err.import_code_invalid")
	}
	return nil
}

func (tx *Tx) setYearlyCount(ctx context.Context, orgID int64, y YearlyCount) (created bool, err error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM yearly_counts WHERE org_id = $1 AND year = $2 AND measure = $3 AND code = $4`,
		orgID, y.Year, y.Measure, y.Code).Scan(&n); err != nil {
		return false, fmt.Errorf("store: yearly count: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO yearly_counts (org_id, year, measure, code, count) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (org_id, year, measure, code) DO UPDATE SET count = $5`, orgID, y.Year, y.Measure, y.Code, y.Count); err != nil {
		return false, fmt.Errorf("store: yearly count: %w", err)
	}
	return n == 0, nil
}

// SetYearlyCount records a total for a year before the system was used
// (measure one of YearlyMeasures, without a code), replacing the one it
// had. Errors: EINVALID naming year, measure, code or count.
func (s *Store) SetYearlyCount(ctx context.Context, actor Actor, orgID int64, year int, measure string, count int) error {
	return s.SetYearlyCodeCount(ctx, actor, orgID, YearlyCount{Year: year, Measure: measure, Count: count})
}

// SetYearlyCodeCount records a figure for a year before the system was
// used, a total (Code "") or one code of a coded measure, replacing the
// one it had. Errors: EINVALID naming year, measure, code or count.
func (s *Store) SetYearlyCodeCount(ctx context.Context, actor Actor, orgID int64, y YearlyCount) error {
	if err := checkYearlyCount(y); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.setYearlyCount(ctx, orgID, y); err != nil {
			return err
		}
		return tx.audit(ctx, actor.In(orgID), "import.yearly_count", "organisation", orgID, yearlyDetail(y))
	})
}

// YearlyCounts returns the organisation's recorded totals of measure by
// year (the rows without a code), for the annual report's trend; years
// without one are absent.
func (s *Store) YearlyCounts(ctx context.Context, orgID int64, measure string) (map[int]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT year, count FROM yearly_counts WHERE org_id = $1 AND measure = $2 AND code = ''`, orgID, measure)
	if err != nil {
		return nil, fmt.Errorf("store: yearly counts: %w", err)
	}
	defer rows.Close()
	out := map[int]int{}
	for rows.Next() {
		var y, n int64
		if err := rows.Scan(&y, &n); err != nil {
			return nil, fmt.Errorf("store: yearly counts: %w", err)
		}
		out[int(y)] = int(n)
	}
	return out, rows.Err()
}

// YearlyCodeCounts returns the organisation's recorded figures of a coded
// measure (YearlyCodedMeasures): year → code → count; years without any
// are absent. Errors: only internal.
func (s *Store) YearlyCodeCounts(ctx context.Context, orgID int64, measure string) (map[int]map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT year, code, count FROM yearly_counts WHERE org_id = $1 AND measure = $2 AND code <> ''`,
		orgID, measure)
	if err != nil {
		return nil, fmt.Errorf("store: yearly counts by code: %w", err)
	}
	defer rows.Close()
	out := map[int]map[string]int{}
	for rows.Next() {
		var y, n int64
		var code string
		if err := rows.Scan(&y, &code, &n); err != nil {
			return nil, fmt.Errorf("store: yearly counts by code: %w", err)
		}
		if out[int(y)] == nil {
			out[int(y)] = map[string]int{}
		}
		out[int(y)][code] = int(n)
	}
	return out, rows.Err()
}

// importTables are the tables CountRows counts.
var importTables = []string{"reports", "advice_requests", "aggression_incidents", "activities", "council_questions",
	"adviser_cases", "adviser_contacts", "adviser_activities", "people", "positions", "outside_activities", "gifts", "yearly_counts", "organisation_facts"}

// CountRows counts the organisation's rows of one of the tables an import
// fills (for tests and the import page). Errors: EINVALID for another
// table.
func (s *Store) CountRows(ctx context.Context, table string, orgID int64) (int, error) {
	if !slices.Contains(importTables, table) {
		return 0, domain.FieldError("table", "err.choice_invalid")
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE org_id = $1`, orgID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count %s: %w", table, err)
	}
	return n, nil
}

// ownCategories stores own_categories.csv: a label known before (up to
// case and spaces) takes the row's label and type, a new one goes to the
// end of the list.
func (im *importer) ownCategories(ctx context.Context) error {
	if len(im.set.OwnCategories) == 0 {
		return nil
	}
	known, err := ownCategories(ctx, im.tx, im.orgID)
	if err != nil {
		return err
	}
	byKey := map[string]*domain.OwnCategory{}
	for _, c := range known {
		byKey[domain.OwnCategoryKey(c.Label)] = c
	}
	for i, in := range im.set.OwnCategories {
		c := &domain.OwnCategory{Label: in.Label, Category: in.Category}
		old := byKey[domain.OwnCategoryKey(in.Label)]
		if old != nil {
			if old.Label == strings.Join(strings.Fields(in.Label), " ") && old.Category == in.Category {
				im.count(ListOwnCategories, 0, 1, 0)
				continue
			}
			c.ID, c.Position = old.ID, old.Position
		}
		if err := c.Validate(); err != nil {
			return &RowError{List: ListOwnCategories, Index: i, Err: err}
		}
		if err := im.tx.saveOwnCategory(ctx, im.actor, im.orgID, c); err != nil {
			return rowErr(ListOwnCategories, i, err)
		}
		byKey[domain.OwnCategoryKey(c.Label)] = c
		if old == nil {
			im.count(ListOwnCategories, 1, 0, 0)
		} else {
			im.count(ListOwnCategories, 0, 1, 0)
		}
	}
	return nil
}
