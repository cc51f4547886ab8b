package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
)

// The import of reports.csv and allegations.csv at volume (a register of
// 100,000 reports kept before Integer). A report was eight statements or so
// (insert, sealed fields, the recipients, the organisation's key, a grant
// each, measures, and for its allegation a look-up, a delete and an
// insert), a round trip each on PostgreSQL. Now the organisation's
// imported reports, channels, recipients and own categories are read once,
// and reports, grants, measures and allegations are written many rows per
// statement. A sealed field names its row in its associated data, so the
// ids of new reports and allegations are reserved before their rows are
// written (reserveIDs). What is stored, and each audit entry, is as before.

var generatedNumber = regexp.MustCompile(`^(\d{4})-(\d{4})$`)

func reportState(r *domain.Report) domain.ReportState {
	switch {
	case r.ClosedAt != nil:
		return domain.StateClosed
	case r.AcknowledgedAt != nil:
		return domain.StateAcknowledged
	}
	return domain.StateReceived
}

// importBatch rows are written with one statement (fewer when a row has
// many columns: see insertRows).
const importBatch = 500

// importValues is the most bound values one statement of insertRows takes,
// well within SQLite's 32,766 and PostgreSQL's 65,535.
const importValues = 20000

// insertRows inserts rows into table, many rows per statement (with COPY
// in an import's transaction on PostgreSQL: inImportTx). On SQLite a
// statement of a full batch is prepared once per transaction.
func (tx *Tx) insertRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	if tx.copies() {
		return tx.copyRows(ctx, table, cols, rows)
	}
	per := max(1, min(importBatch, importValues/len(cols)))
	for len(rows) > 0 {
		n := min(per, len(rows))
		var q strings.Builder
		q.WriteString(tx.insertVerb() + table + ` (` + strings.Join(cols, ", ") + `) VALUES `)
		args := make([]any, 0, n*len(cols))
		for i, row := range rows[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(")
			for c := range cols {
				if c > 0 {
					q.WriteString(", ")
				}
				q.WriteString(tx.placeholder(len(args) + c + 1))
			}
			q.WriteString(")")
			args = append(args, row...)
		}
		if _, err := tx.execRow(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("store: insert %s: %w", table, err)
		}
		rows = rows[n:]
	}
	return nil
}

// deleteByReport deletes the rows of table that belong to the reports,
// many reports per statement, and returns how many rows it deleted.
func (tx *Tx) deleteByReport(ctx context.Context, table string, reportIDs []int64) (int, error) {
	deleted := 0
	for len(reportIDs) > 0 {
		n := min(importBatch, len(reportIDs))
		marks := make([]string, n)
		args := make([]any, n)
		for i, id := range reportIDs[:n] {
			marks[i], args[i] = tx.placeholder(i+1), id
		}
		res, err := tx.execPlanned(ctx, `DELETE FROM `+table+` WHERE report_id IN (`+strings.Join(marks, ", ")+`)`, args...)
		if err != nil {
			return 0, fmt.Errorf("store: delete %s: %w", table, err)
		}
		k, _ := res.RowsAffected()
		deleted += int(k)
		reportIDs = reportIDs[n:]
	}
	return deleted, nil
}

// reserveIDs hands out n new ids of the table, ascending: on SQLite after
// the largest (an import's transaction holds the write lock from its
// start: _txlock=immediate), on PostgreSQL from the table's identity
// sequence, so the server's own inserts continue after them.
func (tx *Tx) reserveIDs(ctx context.Context, table string, n int) ([]int64, error) {
	ids := make([]int64, 0, n)
	if n == 0 {
		return ids, nil
	}
	if tx.store.engine == SQLite {
		var top int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&top); err != nil {
			return nil, fmt.Errorf("store: ids of %s: %w", table, err)
		}
		for i := range n {
			ids = append(ids, top+1+int64(i))
		}
		return ids, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
	if err != nil {
		return nil, fmt.Errorf("store: ids of %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: ids of %s: %w", table, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: ids of %s: %w", table, err)
	}
	slices.Sort(ids)
	return ids, nil
}

// inParallel runs work(0) … work(n-1) on every core and returns the first
// error. Wrapping a report's key for a recipient is an X25519 computation
// (a few hundred microseconds): 100,000 reports with a handler and the
// recovery key are 200,000 of them.
func inParallel(n int, work func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			if err := work(i); err != nil {
				return err
			}
		}
		return nil
	}
	var next atomic.Int64
	var first error
	var once sync.Once
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := work(i); err != nil {
					once.Do(func() { first = err })
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}

// reportWriter writes the reports of an import a batch at a time: the
// keys and sealed fields of the batch on every core, then the reports
// (new ones with one INSERT, earlier ones with an UPDATE each), their
// grants and measures many rows per statement.
type reportWriter struct {
	im         *importer
	orgPublic  string
	recipients map[int64]map[string]string // per channel: grantee → public key (with "org")
	noted      map[string]bool             // refs of reports an outcome note will be sealed for
	numbers    map[string]struct{}         // the organisation's report numbers before the import (numbersFree)
	batch      []pendingReport
}

// pendingReport is a row of reports.csv checked and waiting for its batch.
type pendingReport struct {
	index   int // in the import's list, for a RowError
	in      *ImportReport
	r       domain.Report // the clear fields, checked
	chID    int64
	id      int64
	created bool
	// Made by seal: the data key, the sealed content, the wrapped keys in
	// the order of the channel's recipients.
	dek     seal.Key
	content []byte
	grants  [][]any
}

func (im *importer) reports(ctx context.Context) error {
	tx := im.tx
	if len(im.set.Reports) == 0 {
		return nil
	}
	// The organisation's imported reports, read once: one look-up per row
	// was a query per row, and on PostgreSQL a plan made while the table
	// was small scanned it whole, quadratic in the rows of the import.
	imported, err := im.importedReports(ctx)
	if err != nil {
		return err
	}
	w := &reportWriter{im: im, recipients: map[int64]map[string]string{}, noted: map[string]bool{}}
	// The data keys kept after their batch: of the reports an allegation
	// seals an outcome note for (kept for all, 100,000 keys would be
	// memory for nothing).
	for _, a := range im.set.Allegations {
		if strings.TrimSpace(a.Allegation.OutcomeNote) != "" {
			w.noted[a.ReportRef] = true
		}
	}
	im.keys = map[int64]seal.Key{}
	if err := tx.QueryRowContext(ctx, `SELECT recovery_public FROM org_keys WHERE org_id = $1`, im.orgID).Scan(&w.orgPublic); err != nil {
		return fmt.Errorf("store: organisation key: %w", err)
	}
	channels := map[string]int64{}
	numbers := map[int]int{} // year → the highest number a ref in the system's numbering takes
	for i := range im.set.Reports {
		in := &im.set.Reports[i]
		code := in.Channel
		if code == "" {
			code = "officials"
		}
		chID, ok := channels[code]
		if !ok {
			chID, err = w.channel(ctx, i, code)
			if err != nil {
				return err
			}
			channels[code] = chID
		}
		p := pendingReport{index: i, in: in, r: in.Report.Fields(), chID: chID}
		if err := checkImportReport(&p.r, tx.now); err != nil {
			return &RowError{List: ListReports, Index: i, Err: err}
		}
		for _, kind := range in.Measures {
			if !slices.Contains(domain.MeasureKinds, kind) {
				return &RowError{List: ListReports, Index: i, Err: domain.FieldError("measures", "err.choice_invalid")}
			}
		}
		prev, found := imported[in.Ref]
		if found && prev.worked > 0 {
			return &RowError{List: ListReports, Index: i, Err: &domain.Error{Code: domain.EINVALID, Key: "err.import_report_in_use", Args: []any{in.Ref}, Field: "ref"}}
		}
		if _, twice := im.byRef[in.Ref]; twice {
			// The same ref twice (the register refuses that, other callers
			// may not): the first row is written first, the second updates it.
			if err := w.flush(ctx); err != nil {
				return err
			}
			prev, found = importedRow{id: im.byRef[in.Ref].id}, true
		}
		p.id, p.created = prev.id, !found // a new report's id comes with its batch (flush)
		if p.created {
			if m := generatedNumber.FindStringSubmatch(in.Ref); m != nil {
				// A ref in the system's own numbering: later numbers of that
				// year must come after it.
				year, _ := strconv.Atoi(m[1])
				n, _ := strconv.Atoi(m[2])
				numbers[year] = max(numbers[year], n)
			}
		}
		im.byRef[in.Ref] = importedReport{} // in the batch; flush fills it in
		w.batch = append(w.batch, p)
		if len(w.batch) >= importBatch {
			if err := w.flush(ctx); err != nil {
				return err
			}
		}
	}
	if err := w.flush(ctx); err != nil {
		return err
	}
	for year, n := range numbers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_numbers (org_id, year, last) VALUES ($1, $2, $3)
			ON CONFLICT (org_id, year) DO UPDATE SET last = CASE WHEN report_numbers.last < $3 THEN $3 ELSE report_numbers.last END`,
			im.orgID, year, n); err != nil {
			return fmt.Errorf("store: import report number: %w", err)
		}
	}
	return nil
}

// importedReports returns the organisation's imported reports by ref, read
// once per import.
func (im *importer) importedReports(ctx context.Context) (map[string]importedRow, error) {
	if im.imported == nil {
		m, err := im.tx.importedReports(ctx, im.orgID)
		if err != nil {
			return nil, err
		}
		im.imported = m
	}
	return im.imported, nil
}

// channel returns the id of the organisation's channel with the code, and
// reads the recipients of its reports' keys: its handlers and the
// recovery key.
func (w *reportWriter) channel(ctx context.Context, i int, code string) (int64, error) {
	tx := w.im.tx
	var chID int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM channels WHERE org_id = $1 AND code = $2`, w.im.orgID, code).Scan(&chID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, &RowError{List: ListReports, Index: i, Err: &domain.Error{Code: domain.EINVALID, Key: "err.import_channel_unknown", Args: []any{code}, Field: "context"}}
	}
	if err != nil {
		return 0, fmt.Errorf("store: import channel: %w", err)
	}
	recipients, err := tx.channelRecipients(ctx, chID)
	if err != nil {
		return 0, err
	}
	if w.orgPublic != "" {
		recipients["org"] = w.orgPublic
	}
	w.recipients[chID] = recipients
	return chID, nil
}

// seal makes a pending report's data key, seals its fields under it (the
// row named in the associated data) and wraps the key for each recipient
// of its channel, as sealReportFields and grantAll do for one report.
func (w *reportWriter) seal(p *pendingReport) error {
	p.dek = seal.NewKey()
	content, _ := json.Marshal(domain.ReportContent{Investigator: strings.TrimSpace(p.in.Investigator),
		ReferredName: strings.TrimSpace(p.in.ReferredName)})
	p.content = seal.Seal(p.dek, seal.AAD("reports", "content", p.id), content)
	for grantee, pub := range w.recipients[p.chID] {
		wrapped, err := seal.WrapKey(pub, p.dek)
		if err != nil {
			return err
		}
		p.grants = append(p.grants, []any{p.id, grantee, wrapped, pub})
	}
	return nil
}

// importUpdateCols are the columns a re-import sets, in the order of
// updateReports' rows (the report's id first), with their type on
// PostgreSQL.
var importUpdateCols = []struct{ name, pgType string }{{"id", "bigint"}, {"channel_id", "bigint"},
	{"received_at", "timestamptz"}, {"source", "text"}, {"reporter_kind", "text"}, {"anonymous", "boolean"},
	{"whistleblower", "boolean"}, {"state", "text"}, {"acknowledged_at", "timestamptz"}, {"feedback_at", "timestamptz"},
	{"closed_at", "timestamptz"}, {"investigation", "text"}, {"referred_to", "text"}, {"content", "bytea"},
	{"next_due", "timestamptz"}}

// updateReports sets the columns of reports imported before, many reports
// per statement (UPDATE … FROM VALUES; one UPDATE per report was 100,000
// statements for a re-import of 100,000). Their sealed fields but content
// are cleared: they were sealed under the data key the re-import replaces.
func (tx *Tx) updateReports(ctx context.Context, orgID int64, rows [][]any) error {
	cols := importUpdateCols
	per := max(1, min(importBatch, importValues/len(cols)))
	var set strings.Builder
	for c, col := range cols[1:] {
		if c > 0 {
			set.WriteString(", ")
		}
		fmt.Fprintf(&set, "%s = v.column%d", col.name, c+2)
	}
	set.WriteString(", identity = NULL, notify_email = NULL, subject = NULL")
	for len(rows) > 0 {
		n := min(per, len(rows))
		var q strings.Builder
		q.WriteString(`UPDATE reports SET ` + set.String() + ` FROM (VALUES `)
		args := make([]any, 0, 1+n*len(cols))
		args = append(args, orgID)
		for i, row := range rows[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(")
			for c, col := range cols {
				if c > 0 {
					q.WriteString(", ")
				}
				q.WriteString(tx.placeholder(len(args) + c + 1))
				if tx.store.engine == Postgres {
					q.WriteString("::" + col.pgType)
				}
			}
			q.WriteString(")")
			args = append(args, row...)
		}
		q.WriteString(`) AS v WHERE reports.org_id = ` + tx.placeholder(1) + ` AND reports.id = v.column1`)
		if tx.store.engine == SQLite {
			// ? binds in the order of the text: the organisation last.
			args = append(args[1:], orgID)
		}
		// A named statement (pgx caches it), whose generic plan, joining
		// the values to reports by the primary key, holds at any size of
		// the table: planned anew each time it took PostgreSQL 20–30 ms
		// per batch of 500.
		res, err := tx.execRow(ctx, q.String(), args...)
		if err != nil {
			return fmt.Errorf("store: import report: %w", err)
		}
		if k, err := res.RowsAffected(); err != nil || int(k) != n {
			return fmt.Errorf("store: import report: %d of %d reports updated (%v)", k, n, err)
		}
		rows = rows[n:]
	}
	return nil
}

var (
	importReportCols = []string{"id", "org_id", "channel_id", "number", "received_at", "source", "reporter_kind", "anonymous",
		"whistleblower", "state", "acknowledged_at", "feedback_at", "closed_at", "investigation", "referred_to", "content",
		"import_ref", "imported", "created_at", "next_due"}
	importGrantCols   = []string{"report_id", "grantee", "wrapped", "recipient"}
	importMeasureCols = []string{"report_id", "kind", "created_at"}
)

// flush writes the batch: the reports imported before are updated and
// lose their grants and measures (the report holds nothing sealed but what
// this import gives it, so its grants are made anew), the new ones are
// inserted; then the grants and measures of all, and an audit entry each.
func (w *reportWriter) flush(ctx context.Context) error {
	if len(w.batch) == 0 {
		return nil
	}
	im, tx := w.im, w.im.tx
	fresh := 0
	for _, p := range w.batch {
		if p.created {
			fresh++
		}
	}
	ids, err := tx.reserveIDs(ctx, "reports", fresh)
	if err != nil {
		return err
	}
	for i := range w.batch {
		if w.batch[i].created {
			w.batch[i].id, ids = ids[0], ids[1:]
		}
	}
	if err := inParallel(len(w.batch), func(i int) error { return w.seal(&w.batch[i]) }); err != nil {
		return err
	}
	var earlier []int64
	var created, updated, grants, measures [][]any
	for i := range w.batch {
		p := &w.batch[i]
		r := &p.r
		if !p.created {
			earlier = append(earlier, p.id)
		}
		grants = append(grants, p.grants...)
		at := r.ReceivedAt
		if r.ClosedAt != nil {
			at = *r.ClosedAt
		}
		for _, kind := range p.in.Measures {
			measures = append(measures, []any{p.id, kind, at.UTC()})
		}
	}
	if err := w.numbersFree(ctx); err != nil {
		return err
	}
	for _, table := range []string{"report_grants", "measures"} {
		if _, err := tx.deleteByReport(ctx, table, earlier); err != nil {
			return err
		}
	}
	for i := range w.batch {
		p := &w.batch[i]
		r := &p.r
		state := reportState(r)
		if p.created {
			created = append(created, []any{p.id, im.orgID, p.chID, p.in.Ref, r.ReceivedAt.UTC(), r.Source, r.ReporterKind,
				r.Anonymous, r.Whistleblower, string(state), recStoredDay(r.AcknowledgedAt), recStoredDay(r.FeedbackAt),
				recStoredDay(r.ClosedAt), r.Investigation, r.ReferredTo, p.content, p.in.Ref, true, tx.now,
				NextDue(r.ReceivedAt, r.AcknowledgedAt, r.FeedbackAt)})
			continue
		}
		updated = append(updated, []any{p.id, p.chID, r.ReceivedAt.UTC(), r.Source, r.ReporterKind, r.Anonymous, r.Whistleblower,
			string(state), recStoredDay(r.AcknowledgedAt), recStoredDay(r.FeedbackAt), recStoredDay(r.ClosedAt), r.Investigation,
			r.ReferredTo, p.content, NextDue(r.ReceivedAt, r.AcknowledgedAt, r.FeedbackAt)})
	}
	if err := tx.updateReports(ctx, im.orgID, updated); err != nil {
		return err
	}
	if err := tx.insertRows(ctx, "reports", importReportCols, created); err != nil {
		if isUniqueViolation(err) {
			// Another import took a number meanwhile: the batch's first new row.
			first := w.batch[slices.IndexFunc(w.batch, func(p pendingReport) bool { return p.created })]
			return &RowError{List: ListReports, Index: first.index, Err: &domain.Error{Code: domain.ECONFLICT, Key: "err.import_report_number_taken", Args: []any{first.in.Ref}, Field: "ref"}}
		}
		return err
	}
	if err := tx.insertRows(ctx, "report_grants", importGrantCols, grants); err != nil {
		return err
	}
	if err := tx.insertRows(ctx, "measures", importMeasureCols, measures); err != nil {
		return err
	}
	for i := range w.batch {
		p := &w.batch[i]
		im.byRef[p.in.Ref] = importedReport{id: p.id, keyed: true, created: p.created, year: receivedYear(p.r.ReceivedAt),
			referred: p.r.ReferredTo, referredKnown: true}
		if !p.created {
			im.copies[p.id] = true
		}
		if w.noted[p.in.Ref] {
			im.keys[p.id] = p.dek
		}
		action := "report.import_update"
		if p.created {
			action = "report.import"
			im.count(ListReports, 1, 0, 0)
		} else {
			im.count(ListReports, 0, 1, 0)
		}
		if err := im.audit(ctx, action, "report", p.id, p.in.Ref); err != nil {
			return err
		}
	}
	clear(w.batch) // written: let the rows go
	w.batch = w.batch[:0]
	return nil
}

// numbersFree refuses a new report of the batch whose ref is the number of
// a report the organisation has (one filed in Integer: imported ones are
// updated by their ref), naming its row. The organisation's numbers are
// read once, with the first batch that has a new report: a look-up per
// batch was a statement whose cached plan, on PostgreSQL, could be the one
// made while the table was small (a scan of all reports at every batch).
// A number another transaction takes meanwhile fails the INSERT on the
// unique index instead (flush).
func (w *reportWriter) numbersFree(ctx context.Context) error {
	if w.numbers == nil {
		if !slices.ContainsFunc(w.batch, func(p pendingReport) bool { return p.created }) {
			return nil
		}
		tx := w.im.tx
		rows, err := tx.QueryContext(ctx, `SELECT number FROM reports WHERE org_id = $1`, w.im.orgID)
		if err != nil {
			return fmt.Errorf("store: import report numbers: %w", err)
		}
		w.numbers = map[string]struct{}{}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return fmt.Errorf("store: import report numbers: %w", err)
			}
			w.numbers[n] = struct{}{}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: import report numbers: %w", err)
		}
	}
	for _, p := range w.batch {
		if _, taken := w.numbers[p.in.Ref]; p.created && taken {
			return &RowError{List: ListReports, Index: p.index, Err: &domain.Error{Code: domain.ECONFLICT, Key: "err.import_report_number_taken", Args: []any{p.in.Ref}, Field: "ref"}}
		}
	}
	return nil
}

var importAllegationCols = []string{"id", "report_id", "category", "own_category_id", "outcome", "stop_reason", "outcome_note", "created_at",
	"org_id", "received_year", "report_dismissed"}

// allegations stores allegations.csv: every row checked and its report
// found first, then the allegations the file replaces deleted (those of the
// reports imported before that it names), then the new ones inserted many
// rows per statement, with ids reserved so that a sealed outcome note names
// its row.
func (im *importer) allegations(ctx context.Context) error {
	rows := im.set.Allegations
	if len(rows) == 0 {
		return nil
	}
	tx := im.tx
	ids, err := tx.reserveIDs(ctx, "allegations", len(rows))
	if err != nil {
		return err
	}
	var earlier []int64 // reports imported before whose allegations the file replaces
	cleared := map[int64]bool{}
	insert := make([][]any, 0, min(len(rows), importBatch))
	var pending []int64 // the reports of insert's rows, for their audit entries
	var details []string
	write := func() error {
		if err := tx.insertRows(ctx, "allegations", importAllegationCols, insert); err != nil {
			return err
		}
		for j := range insert {
			if err := im.audit(ctx, "report.import_allegation", "report", pending[j], details[j]); err != nil {
				return err
			}
		}
		clear(insert)
		insert, pending, details = insert[:0], pending[:0], details[:0]
		return nil
	}
	// Every row is checked before anything is deleted.
	type resolved struct {
		rep      importedReport
		category domain.Category
		own      *int64
	}
	found := make([]resolved, len(rows))
	for i, in := range rows {
		a := in.Allegation
		category, own, err := im.allegationCategory(ctx, a)
		if err != nil {
			return rowErr(ListAllegations, i, err)
		}
		if a.Outcome != "" && !slices.Contains(domain.Outcomes, a.Outcome) {
			return &RowError{List: ListAllegations, Index: i, Err: domain.FieldError("outcome", "err.choice_invalid")}
		}
		rep, ok := im.byRef[in.ReportRef]
		if !ok {
			imported, err := im.importedReports(ctx)
			if err != nil {
				return err
			}
			prev, ok := imported[in.ReportRef]
			if !ok {
				return &RowError{List: ListAllegations, Index: i, Err: &domain.Error{Code: domain.EINVALID, Key: "err.import_report_unknown", Args: []any{in.ReportRef}, Field: "report_ref"}}
			}
			rep = importedReport{id: prev.id}
			im.byRef[in.ReportRef] = rep
		}
		if err := im.allegationReferral(ctx, i, in, &rep); err != nil {
			return err
		}
		if err := domain.CheckStopReason(a.Outcome, a.StopReason, a.OutcomeNote); err != nil {
			return rowErr(ListAllegations, i, err)
		}
		if strings.TrimSpace(a.OutcomeNote) != "" && !rep.keyed {
			return &RowError{List: ListAllegations, Index: i, Err: &domain.Error{Code: domain.EINVALID, Key: "err.import_note_without_report", Args: []any{in.ReportRef}, Field: "outcome_note"}}
		}
		if !rep.created && !cleared[rep.id] {
			earlier = append(earlier, rep.id)
			cleared[rep.id] = true
		}
		found[i] = resolved{rep: rep, category: category, own: own}
	}
	n, err := tx.deleteByReport(ctx, "allegations", earlier)
	if err != nil {
		return err
	}
	if n > 0 {
		im.count(ListAllegations, 0, 0, n)
	}
	for i, in := range rows {
		a, f, id := in.Allegation, found[i], ids[i]
		var note any
		if s := strings.TrimSpace(a.OutcomeNote); s != "" {
			note = seal.Seal(im.keys[f.rep.id], seal.AAD("allegations", "outcome_note", id), []byte(s))
		}
		var own any
		if f.own != nil {
			own = *f.own
		}
		// The report's facts (allegationCopies): a report of this import
		// gives its year of receipt and is not marked; one imported before
		// has them set from its row by allegationCopies.
		year := f.rep.year
		if !f.rep.created {
			im.copies[f.rep.id] = true
		}
		insert = append(insert, []any{id, f.rep.id, f.category, own, a.Outcome, string(a.StopReason), note, tx.now,
			im.orgID, year, ""})
		pending = append(pending, f.rep.id)
		details = append(details, allegationDetail(f.category, a))
		im.count(ListAllegations, 1, 0, 0)
		if len(insert) >= importBatch {
			if err := write(); err != nil {
				return err
			}
		}
	}
	return write()
}

// allegationCopies sets the copies of their report's facts on the
// allegations of the reports imported before that this import re-imported
// or gave allegations (importer.copies), from the reports' rows.
func (im *importer) allegationCopies(ctx context.Context) error {
	return im.tx.syncAllegationCopies(ctx, slices.Sorted(maps.Keys(im.copies)))
}

// allegationCategory is the national type and own category of an imported
// allegation: see ImportAllegation. Errors: EINVALID naming "own_label"
// (unknown), "category" (missing, unknown, or not the own category's type).
// The organisation's own categories are read once (after own_categories.csv
// is stored).
func (im *importer) allegationCategory(ctx context.Context, a domain.Allegation) (domain.Category, *int64, error) {
	if a.OwnLabel == "" {
		if a.Category == "" {
			return "", nil, domain.FieldError("category", "err.import_required")
		}
		return im.tx.allegationCategory(ctx, im.orgID, a.Category, 0)
	}
	if im.own == nil {
		known, err := ownCategories(ctx, im.tx, im.orgID)
		if err != nil {
			return "", nil, err
		}
		im.own = map[string]*domain.OwnCategory{}
		for _, c := range known {
			im.own[domain.OwnCategoryKey(c.Label)] = c
		}
	}
	oc, ok := im.own[domain.OwnCategoryKey(a.OwnLabel)]
	if !ok {
		return "", nil, domain.FieldError("own_label", "err.import_own_label_unknown", a.OwnLabel)
	}
	if a.Category != "" && a.Category != oc.Category {
		return "", nil, domain.FieldError("category", "err.own_category_mismatch", oc.Label)
	}
	return oc.Category, &oc.ID, nil
}

// allegationReferral keeps a referred allegation honest: the outcome
// "referred" needs the body the report went to, from the allegation's
// referred_to or the report's; an allegation's referred_to sets the
// report's when it has none and must agree with it when it has one.
func (im *importer) allegationReferral(ctx context.Context, i int, in ImportAllegation, rep *importedReport) error {
	if in.Allegation.Outcome != domain.OutcomeReferred && in.ReferredTo == "" {
		return nil
	}
	if in.ReferredTo != "" && !slices.Contains(domain.Referrals, in.ReferredTo) {
		return &RowError{List: ListAllegations, Index: i, Err: domain.FieldError("referred_to", "err.choice_invalid")}
	}
	if !rep.referredKnown {
		if err := im.tx.QueryRowContext(ctx, `SELECT referred_to FROM reports WHERE id = $1`, rep.id).Scan(&rep.referred); err != nil {
			return fmt.Errorf("store: import allegation: %w", err)
		}
		rep.referredKnown = true
		im.byRef[in.ReportRef] = *rep
	}
	cur := rep.referred
	switch {
	case in.ReferredTo != "" && cur == "":
		if _, err := im.tx.ExecContext(ctx, `UPDATE reports SET referred_to = $2 WHERE id = $1`, rep.id, in.ReferredTo); err != nil {
			return fmt.Errorf("store: import allegation: %w", err)
		}
		rep.referred = in.ReferredTo
		im.byRef[in.ReportRef] = *rep
	case in.ReferredTo != "" && cur != in.ReferredTo:
		return &RowError{List: ListAllegations, Index: i, Err: &domain.Error{Code: domain.EINVALID, Key: "err.import_referral_conflict",
			Args: []any{in.ReportRef, string(cur)}, Field: "referred_to"}}
	case cur == "":
		return &RowError{List: ListAllegations, Index: i, Err: &domain.Error{Code: domain.EINVALID, Key: "err.import_referred_without_body",
			Args: []any{in.ReportRef}, Field: "referred_to"}}
	}
	return nil
}
