package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// Dilemma sessions: the organisation's own dilemmas and the sessions of the
// dilemma game. The facilitator's every step is audited; a participant's
// vote is not (it would tie a vote to a moment next to a session's other
// entries), is kept under a hash of the phone's random token only while the
// session is open, and is summed into its round when the session closes.

// CreateDilemma adds an own dilemma. Errors: EINVALID naming the field.
func (s *Store) CreateDilemma(ctx context.Context, actor Actor, orgID int64, d *domain.Dilemma) error {
	if err := firstOf(d.Check()); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO dilemmas (org_id, audience, theme, title, body, options, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			orgID, d.Audience, d.Theme, d.NL.Title, d.NL.Text, strings.Join(d.NL.Options, "\n"), tx.now).Scan(&d.OwnID)
		if err != nil {
			return fmt.Errorf("store: create dilemma: %w", err)
		}
		d.Ref = domain.OwnDilemmaRef(d.OwnID)
		return tx.audit(ctx, actor.In(orgID), "dilemma.create", "dilemma", d.OwnID, d.Theme)
	})
}

// DeleteDilemma removes an own dilemma; sessions that played it keep its
// reference and counts. Errors: ENOTFOUND.
func (s *Store) DeleteDilemma(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.deleteRecord(ctx, actor, orgID, id, "dilemmas", "dilemma", "dilemma.delete", "err.dilemma_not_found")
}

func scanDilemma(sc interface{ Scan(...any) error }) (domain.Dilemma, error) {
	var d domain.Dilemma
	var options string
	if err := sc.Scan(&d.OwnID, &d.Audience, &d.Theme, &d.NL.Title, &d.NL.Text, &options); err != nil {
		return d, fmt.Errorf("store: dilemma: %w", err)
	}
	d.NL.Options = strings.Split(options, "\n")
	d.Ref = domain.OwnDilemmaRef(d.OwnID)
	return d, nil
}

// OwnDilemmas returns the organisation's own dilemmas, newest last.
func (s *Store) OwnDilemmas(ctx context.Context, orgID int64) ([]domain.Dilemma, error) {
	return queryAll(ctx, s.db, "dilemmas", scanDilemma,
		`SELECT id, audience, theme, title, body, options FROM dilemmas WHERE org_id = $1 ORDER BY id`, orgID)
}

// DilemmaByRef returns a dilemma of the deck or of the organisation by its
// reference in a session. Errors: ENOTFOUND.
func (s *Store) DilemmaByRef(ctx context.Context, orgID int64, ref string) (domain.Dilemma, error) {
	if id, ok := domain.OwnDilemmaID(ref); ok {
		d, err := scanDilemma(s.db.QueryRowContext(ctx,
			`SELECT id, audience, theme, title, body, options FROM dilemmas WHERE org_id = $1 AND id = $2`, orgID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return d, domain.Errorf(domain.ENOTFOUND, "err.dilemma_not_found")
		}
		return d, err
	}
	if d, ok := domain.DeckDilemma(ref); ok {
		return d, nil
	}
	return domain.Dilemma{}, domain.Errorf(domain.ENOTFOUND, "err.dilemma_not_found")
}

// dilemmaCodeAlphabet leaves out letters and digits that are read alike
// (0/O, 1/I/L) when the code is read from a screen across a room.
const dilemmaCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

func newDilemmaCode() string {
	b := make([]byte, domain.DilemmaCodeLength)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = dilemmaCodeAlphabet[int(b[i])%len(dilemmaCodeAlphabet)]
	}
	return string(b)
}

// StartDilemmaSession opens a session with a fresh join code, unique among
// the organisation's open sessions.
func (s *Store) StartDilemmaSession(ctx context.Context, actor Actor, orgID int64, ds *domain.DilemmaSession) error {
	ds.Title = strings.TrimSpace(ds.Title)
	if len([]rune(ds.Title)) > domain.MaxActivityTitle {
		return domain.FieldError("title", "err.too_long")
	}
	if ds.Audience == "" {
		ds.Audience = domain.DilemmaOfficials
	}
	if !containsAudience(ds.Audience) {
		return domain.FieldError("audience", "err.choice_invalid")
	}
	for attempt := 0; ; attempt++ {
		ds.Code = newDilemmaCode()
		err := s.inTx(ctx, func(tx *Tx) error {
			err := tx.QueryRowContext(ctx, `INSERT INTO dilemma_sessions (org_id, code, title, audience, facilitator_id, started_at)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, orgID, ds.Code, ds.Title, ds.Audience, ds.FacilitatorID, tx.now).Scan(&ds.ID)
			if err != nil {
				return err
			}
			ds.OrgID, ds.StartedAt = orgID, tx.now
			return tx.audit(ctx, actor.In(orgID), "dilemma_session.start", "dilemma_session", ds.ID, string(ds.Audience))
		})
		if err != nil && isUniqueViolation(err) && attempt < 5 {
			continue
		}
		if err != nil {
			return fmt.Errorf("store: start dilemma session: %w", err)
		}
		return nil
	}
}

func containsAudience(a domain.DilemmaAudience) bool {
	for _, x := range domain.DilemmaAudiences {
		if x == a {
			return true
		}
	}
	return false
}

const dilemmaSessionColumns = `id, org_id, code, title, audience, facilitator_id, started_at, closed_at,
	COALESCE(activity_id, 0), round, step, version, participants`

func scanDilemmaSession(sc interface{ Scan(...any) error }) (*domain.DilemmaSession, error) {
	ds := &domain.DilemmaSession{}
	var closed sql.NullTime
	if err := sc.Scan(&ds.ID, &ds.OrgID, &ds.Code, &ds.Title, &ds.Audience, &ds.FacilitatorID, &ds.StartedAt, &closed,
		&ds.ActivityID, &ds.Round, &ds.Step, &ds.Version, &ds.Participants); err != nil {
		return nil, err
	}
	if closed.Valid {
		t := closed.Time
		ds.ClosedAt = &t
	}
	return ds, nil
}

// DilemmaSession returns a session with its rounds; an open session's
// votes are counted as they stand. Errors: ENOTFOUND.
func (s *Store) DilemmaSession(ctx context.Context, orgID, id int64) (*domain.DilemmaSession, error) {
	ds, err := scanDilemmaSession(s.db.QueryRowContext(ctx,
		`SELECT `+dilemmaSessionColumns+` FROM dilemma_sessions WHERE org_id = $1 AND id = $2`, orgID, id))
	return s.withRounds(ctx, ds, err)
}

// OpenDilemmaSession returns the open session with the join code typed by
// a participant (any case, spaces ignored). Errors: ENOTFOUND.
func (s *Store) OpenDilemmaSession(ctx context.Context, orgID int64, code string) (*domain.DilemmaSession, error) {
	ds, err := scanDilemmaSession(s.db.QueryRowContext(ctx,
		`SELECT `+dilemmaSessionColumns+` FROM dilemma_sessions WHERE org_id = $1 AND code = $2 AND closed_at IS NULL`,
		orgID, domain.NormalizeDilemmaCode(code)))
	return s.withRounds(ctx, ds, err)
}

func (s *Store) withRounds(ctx context.Context, ds *domain.DilemmaSession, err error) (*domain.DilemmaSession, error) {
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.dilemma_session_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: dilemma session: %w", err)
	}
	ds.Rounds, err = queryAll(ctx, s.db, "dilemma rounds", func(sc interface{ Scan(...any) error }) (domain.DilemmaRound, error) {
		var r domain.DilemmaRound
		var votes string
		err := sc.Scan(&r.Round, &r.Ref, &votes, &r.Conclusion)
		r.Votes = parseVotes(votes)
		return r, err
	}, `SELECT round, ref, votes, conclusion FROM dilemma_rounds WHERE session_id = $1 ORDER BY round`, ds.ID)
	if err != nil {
		return nil, err
	}
	if ds.Open() {
		rows, err := s.db.QueryContext(ctx, `SELECT round, choice, COUNT(*) FROM dilemma_votes WHERE session_id = $1 GROUP BY round, choice`, ds.ID)
		if err != nil {
			return nil, fmt.Errorf("store: dilemma votes: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var round, choice, n int
			if err := rows.Scan(&round, &choice, &n); err != nil {
				return nil, fmt.Errorf("store: dilemma votes: %w", err)
			}
			for i := range ds.Rounds {
				if ds.Rounds[i].Round == round {
					ds.Rounds[i].Votes[choice] = n
				}
			}
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: dilemma votes: %w", err)
		}
	}
	return ds, nil
}

// parseVotes reads "0=3,2=1" (option index = votes).
func parseVotes(s string) map[int]int {
	out := map[int]int{}
	for _, pair := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(pair, "=")
		if !ok {
			continue
		}
		i, err1 := strconv.Atoi(k)
		n, err2 := strconv.Atoi(v)
		if err1 == nil && err2 == nil {
			out[i] = n
		}
	}
	return out
}

func formatVotes(votes map[int]int) string {
	keys := make([]int, 0, len(votes))
	for k := range votes {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, strconv.Itoa(k)+"="+strconv.Itoa(votes[k]))
	}
	return strings.Join(parts, ",")
}

// DilemmaSessions returns the organisation's sessions, newest first.
func (s *Store) DilemmaSessions(ctx context.Context, orgID int64) ([]*domain.DilemmaSession, error) {
	return queryAll(ctx, s.db, "dilemma sessions", scanDilemmaSession,
		`SELECT `+dilemmaSessionColumns+` FROM dilemma_sessions WHERE org_id = $1 ORDER BY started_at DESC, id DESC`, orgID)
}

// changeOpenSession runs change on an open session of the organisation and
// raises its version, so that the screens following it refresh.
// Errors: ENOTFOUND, ECONFLICT when the session has closed.
func (s *Store) changeOpenSession(ctx context.Context, actor Actor, orgID, id int64, action, detail string, change func(tx *Tx) error) error {
	return s.inTx(ctx, func(tx *Tx) error {
		var closed sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT closed_at FROM dilemma_sessions WHERE org_id = $1 AND id = $2`, orgID, id).Scan(&closed)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "err.dilemma_session_not_found")
		}
		if err != nil {
			return fmt.Errorf("store: dilemma session: %w", err)
		}
		if closed.Valid {
			return domain.Errorf(domain.ECONFLICT, "err.dilemma_session_closed")
		}
		if err := change(tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE dilemma_sessions SET version = version + 1 WHERE id = $1`, id); err != nil {
			return fmt.Errorf("store: dilemma session: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), action, "dilemma_session", id, detail)
	})
}

// DrawDilemma puts the dilemma ref on the screen as the session's next
// round, open for votes. Errors: ENOTFOUND (also for an unknown dilemma),
// ECONFLICT when the session has closed.
func (s *Store) DrawDilemma(ctx context.Context, actor Actor, orgID, id int64, ref string) error {
	if _, err := s.DilemmaByRef(ctx, orgID, ref); err != nil {
		return err
	}
	return s.changeOpenSession(ctx, actor, orgID, id, "dilemma_session.draw", ref, func(tx *Tx) error {
		var round int
		if err := tx.QueryRowContext(ctx, `SELECT round FROM dilemma_sessions WHERE id = $1`, id).Scan(&round); err != nil {
			return fmt.Errorf("store: draw dilemma: %w", err)
		}
		round++
		if _, err := tx.ExecContext(ctx, `INSERT INTO dilemma_rounds (session_id, round, ref) VALUES ($1, $2, $3)`, id, round, ref); err != nil {
			return fmt.Errorf("store: draw dilemma: %w", err)
		}
		_, err := tx.ExecContext(ctx, `UPDATE dilemma_sessions SET round = $2, step = 0 WHERE id = $1`, id, round)
		return err
	})
}

// SetDilemmaStep moves the session's screen to step (0 = the vote,
// 1..DilemmaSteps the deliberation). Errors: EINVALID, ENOTFOUND, ECONFLICT.
func (s *Store) SetDilemmaStep(ctx context.Context, actor Actor, orgID, id int64, step int) error {
	if step < 0 || step > domain.DilemmaSteps {
		return domain.Errorf(domain.EINVALID, "err.choice_invalid")
	}
	return s.changeOpenSession(ctx, actor, orgID, id, "dilemma_session.step", strconv.Itoa(step), func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE dilemma_sessions SET step = $2 WHERE id = $1 AND round > 0`, id, step)
		if err != nil {
			return fmt.Errorf("store: dilemma step: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ECONFLICT, "err.dilemma_none_drawn")
		}
		return nil
	})
}

// KeepDilemmaConclusion stores the conclusion the team wrote for the round
// on the screen. Errors: EINVALID naming the field, ENOTFOUND, ECONFLICT.
func (s *Store) KeepDilemmaConclusion(ctx context.Context, actor Actor, orgID, id int64, conclusion string) error {
	conclusion = strings.TrimSpace(conclusion)
	if len([]rune(conclusion)) > domain.MaxDilemmaConclusion {
		return domain.FieldError("conclusion", "err.too_long")
	}
	return s.changeOpenSession(ctx, actor, orgID, id, "dilemma_session.conclusion", "", func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE dilemma_rounds SET conclusion = $2
			WHERE session_id = $1 AND round = (SELECT round FROM dilemma_sessions WHERE id = $1)`, id, conclusion)
		if err != nil {
			return fmt.Errorf("store: dilemma conclusion: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ECONFLICT, "err.dilemma_none_drawn")
		}
		return nil
	})
}

// VoteDilemma records a participant's vote for option choice (0-based) of
// the round on the screen of the open session with code; voter is a hash
// of the phone's random token. One vote per phone per round.
// Errors: ENOTFOUND, ECONFLICT when the vote is closed or already cast,
// EINVALID for an option the dilemma does not have.
func (s *Store) VoteDilemma(ctx context.Context, orgID int64, code string, round int, voter []byte, choice int) error {
	ds, err := s.OpenDilemmaSession(ctx, orgID, code)
	if err != nil {
		return err
	}
	cur := ds.Current()
	if !ds.Voting() || cur == nil || cur.Round != round {
		return domain.Errorf(domain.ECONFLICT, "err.dilemma_vote_closed")
	}
	d, err := s.DilemmaByRef(ctx, orgID, cur.Ref)
	if err != nil {
		return err
	}
	if choice < 0 || choice >= len(d.NL.Options) {
		return domain.FieldError("choice", "err.dilemma_choose")
	}
	return s.inTx(ctx, func(tx *Tx) error {
		// The round and step are read again in the transaction: the
		// facilitator may have moved on meanwhile.
		res, err := tx.ExecContext(ctx, `UPDATE dilemma_sessions SET version = version + 1
			WHERE id = $1 AND round = $2 AND step = 0 AND closed_at IS NULL`, ds.ID, round)
		if err != nil {
			return fmt.Errorf("store: vote: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ECONFLICT, "err.dilemma_vote_closed")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO dilemma_votes (session_id, round, voter, choice) VALUES ($1, $2, $3, $4)`,
			ds.ID, round, voter, choice)
		if isUniqueViolation(err) {
			return domain.Errorf(domain.ECONFLICT, "err.dilemma_voted")
		}
		if err != nil {
			return fmt.Errorf("store: vote: %w", err)
		}
		return nil
	})
}

// HasVoted reports whether voter voted in the round.
func (s *Store) HasVoted(ctx context.Context, sessionID int64, round int, voter []byte) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM dilemma_votes WHERE session_id = $1 AND round = $2 AND voter = $3`,
		sessionID, round, voter).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: has voted: %w", err)
	}
	return n > 0, nil
}

// CloseDilemmaSession ends a session: the votes are summed into their
// rounds and deleted, the phones that voted are counted, and the session
// is recorded as an integrity activity (kind dilemma session) on day on,
// which the annual report counts. Errors: ENOTFOUND, ECONFLICT.
func (s *Store) CloseDilemmaSession(ctx context.Context, actor Actor, orgID, id int64, on time.Time, title string) (*domain.Activity, error) {
	var act *domain.Activity
	err := s.changeOpenSession(ctx, actor, orgID, id, "dilemma_session.close", "", func(tx *Tx) error {
		var audience domain.DilemmaAudience
		var rounds int
		if err := tx.QueryRowContext(ctx, `SELECT audience, round FROM dilemma_sessions WHERE id = $1`, id).Scan(&audience, &rounds); err != nil {
			return fmt.Errorf("store: close dilemma session: %w", err)
		}
		var participants int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(DISTINCT voter) FROM dilemma_votes WHERE session_id = $1`, id).Scan(&participants); err != nil {
			return fmt.Errorf("store: close dilemma session: %w", err)
		}
		for r := 1; r <= rounds; r++ {
			votes := map[int]int{}
			rows, err := tx.QueryContext(ctx, `SELECT choice, COUNT(*) FROM dilemma_votes WHERE session_id = $1 AND round = $2 GROUP BY choice`, id, r)
			if err != nil {
				return fmt.Errorf("store: close dilemma session: %w", err)
			}
			for rows.Next() {
				var c, n int
				if err := rows.Scan(&c, &n); err != nil {
					rows.Close()
					return fmt.Errorf("store: close dilemma session: %w", err)
				}
				votes[c] = n
			}
			rows.Close()
			if _, err := tx.ExecContext(ctx, `UPDATE dilemma_rounds SET votes = $3 WHERE session_id = $1 AND round = $2`, id, r, formatVotes(votes)); err != nil {
				return fmt.Errorf("store: close dilemma session: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM dilemma_votes WHERE session_id = $1`, id); err != nil {
			return fmt.Errorf("store: close dilemma session: %w", err)
		}
		var attendance *int
		if participants > 0 {
			attendance = &participants
		}
		act = &domain.Activity{Date: on, Title: title, Kind: domain.ActivityKindDilemmaSession,
			Audiences: audience.ActivityAudiences(), Attendance: attendance}
		if err := firstOf(act.Check()); err != nil {
			return err
		}
		audiences, att := activityArgs(act)
		if err := tx.QueryRowContext(ctx, `INSERT INTO activities (org_id, held_on, title, kind, audiences, attendance, materials, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, '', $7, $7) RETURNING id`,
			orgID, act.Date.UTC(), act.Title, act.Kind, audiences, att, tx.now).Scan(&act.ID); err != nil {
			return fmt.Errorf("store: close dilemma session: %w", err)
		}
		act.OrgID = orgID
		if _, err := tx.ExecContext(ctx, `UPDATE dilemma_sessions SET closed_at = $2, activity_id = $3, participants = $4 WHERE id = $1`,
			id, tx.now, act.ID, participants); err != nil {
			return fmt.Errorf("store: close dilemma session: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "activity.create", "activity", act.ID, string(act.Kind)+" "+audiences)
	})
	return act, err
}
