package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
)

// Anonymous integrity surveys, kept by the controller (see domain/survey.go
// for the design). Creating, inviting, closing and reading open answers are
// audited; a response is deliberately not: an audit entry carries the
// moment, and the moment of answering is what the design forgets.

const surveyColumns = `id, org_id, title, year, template, min_group, status`

func scanSurvey(sc interface{ Scan(...any) error }) (*domain.Survey, error) {
	var s domain.Survey
	var year, min int64
	if err := sc.Scan(&s.ID, &s.OrgID, &s.Title, &year, &s.Template, &min, &s.Status); err != nil {
		return nil, err
	}
	s.Year, s.MinGroup = int(year), int(min)
	return &s, nil
}

// CreateSurvey records a survey in preparation. Errors: EINVALID naming the
// field.
func (s *Store) CreateSurvey(ctx context.Context, actor Actor, orgID int64, sv *domain.Survey) error {
	if err := sv.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO surveys (org_id, title, year, template, min_group, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			orgID, sv.Title, sv.Year, sv.Template, sv.MinGroup, domain.SurveyDraft, tx.now).Scan(&sv.ID)
		if err != nil {
			return fmt.Errorf("store: create survey: %w", err)
		}
		sv.OrgID, sv.Status = orgID, domain.SurveyDraft
		return tx.audit(ctx, actor.In(orgID), "survey.create", "survey", sv.ID, fmt.Sprintf("year=%d min_group=%d", sv.Year, sv.MinGroup))
	})
}

// Survey returns one of the organisation's surveys, or ENOTFOUND.
func (s *Store) Survey(ctx context.Context, orgID, id int64) (*domain.Survey, error) {
	sv, err := scanSurvey(s.db.QueryRowContext(ctx, `SELECT `+surveyColumns+` FROM surveys WHERE id = $1 AND org_id = $2`, id, orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.survey_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: survey: %w", err)
	}
	return sv, nil
}

// Surveys lists the organisation's surveys, newest year first.
func (s *Store) Surveys(ctx context.Context, orgID int64) ([]*domain.Survey, error) {
	return queryAll(ctx, s.db, "surveys", scanSurvey,
		`SELECT `+surveyColumns+` FROM surveys WHERE org_id = $1 ORDER BY year DESC, id DESC`, orgID)
}

// PreviousSurvey returns the latest survey of the same template in a year
// before sv's, or ENOTFOUND.
func (s *Store) PreviousSurvey(ctx context.Context, sv *domain.Survey) (*domain.Survey, error) {
	p, err := scanSurvey(s.db.QueryRowContext(ctx, `SELECT `+surveyColumns+` FROM surveys
		WHERE org_id = $1 AND template = $2 AND year < $3 AND status <> $4 ORDER BY year DESC, id DESC LIMIT 1`,
		sv.OrgID, sv.Template, sv.Year, domain.SurveyDraft))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.survey_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: previous survey: %w", err)
	}
	return p, nil
}

// SurveyOfYear returns the organisation's latest standard survey of year
// that was sent, or ENOTFOUND (for the annual report).
func (s *Store) SurveyOfYear(ctx context.Context, orgID int64, year int) (*domain.Survey, error) {
	p, err := scanSurvey(s.db.QueryRowContext(ctx, `SELECT `+surveyColumns+` FROM surveys
		WHERE org_id = $1 AND template = $2 AND year = $3 AND status <> $4 ORDER BY id DESC LIMIT 1`,
		orgID, domain.SurveyTemplateStandard, year, domain.SurveyDraft))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.survey_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: survey of year: %w", err)
	}
	return p, nil
}

// surveyTokenHash is what is stored of an invitation token.
func surveyTokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// InviteSurvey creates one invitation per invitee and opens the survey. It
// returns the tokens, in the invitees' order, for the e-mails; what it
// stores is each token's hash and group, and the number invited per group:
// never an address. Errors: ENOTFOUND, ECONFLICT when the survey is closed.
func (s *Store) InviteSurvey(ctx context.Context, actor Actor, orgID, surveyID int64, invitees []domain.SurveyInvitee) ([]string, error) {
	tokens := make([]string, len(invitees))
	for i := range tokens {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil, fmt.Errorf("store: survey token: %w", err)
		}
		tokens[i] = base64.RawURLEncoding.EncodeToString(b)
	}
	err := s.inTx(ctx, func(tx *Tx) error {
		var status domain.SurveyStatus
		err := tx.QueryRowContext(ctx, `SELECT status FROM surveys WHERE id = $1 AND org_id = $2`, surveyID, orgID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "err.survey_not_found")
		}
		if err != nil {
			return fmt.Errorf("store: invite: %w", err)
		}
		if status == domain.SurveyClosed {
			return domain.Errorf(domain.ECONFLICT, "err.survey_closed")
		}
		perGroup := map[string]int{}
		for i, inv := range invitees {
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_invitations (token_hash, survey_id, grp) VALUES ($1, $2, $3)`,
				surveyTokenHash(tokens[i]), surveyID, inv.Group); err != nil {
				return fmt.Errorf("store: invite: %w", err)
			}
			perGroup[inv.Group]++
		}
		groups := slices.Sorted(func(yield func(string) bool) {
			for g := range perGroup {
				if !yield(g) {
					return
				}
			}
		})
		var detail []string
		for _, g := range groups {
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_groups (survey_id, grp, invited) VALUES ($1, $2, $3)
				ON CONFLICT (survey_id, grp) DO UPDATE SET invited = survey_groups.invited + $3`, surveyID, g, perGroup[g]); err != nil {
				return fmt.Errorf("store: invite groups: %w", err)
			}
			detail = append(detail, fmt.Sprintf("%s=%d", g, perGroup[g]))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE surveys SET status = $2, updated_at = $3 WHERE id = $1`, surveyID, domain.SurveyOpen, tx.now); err != nil {
			return fmt.Errorf("store: open survey: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "survey.invite", "survey", surveyID, strings.Join(detail, " "))
	})
	if err != nil {
		return nil, err
	}
	return tokens, nil
}

// SurveyForToken returns the open survey an unused token invites to, or
// ENOTFOUND (a token answered, never issued, or of a closed survey).
func (s *Store) SurveyForToken(ctx context.Context, orgID int64, token string) (*domain.Survey, error) {
	sv, err := scanSurvey(s.db.QueryRowContext(ctx, `SELECT s.id, s.org_id, s.title, s.year, s.template, s.min_group, s.status
		FROM survey_invitations i JOIN surveys s ON s.id = i.survey_id
		WHERE i.token_hash = $1 AND s.org_id = $2 AND s.status = $3`, surveyTokenHash(token), orgID, domain.SurveyOpen))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.survey_token_unknown")
	}
	if err != nil {
		return nil, fmt.Errorf("store: survey token: %w", err)
	}
	return sv, nil
}

// RespondSurvey stores the response to the invitation token and forgets
// the token, in one transaction: the invitation is deleted, and the
// response keeps only its group, the day and the answers (open answers go
// to their own table without a reference to the response). Nothing is
// audited. Errors: ENOTFOUND for a token unknown or used, EINVALID for an
// answer out of range (nothing stored, the token still valid).
func (s *Store) RespondSurvey(ctx context.Context, orgID int64, token string, r *domain.SurveyResponse) error {
	return s.inTx(ctx, func(tx *Tx) error {
		hash := surveyTokenHash(token)
		var surveyID int64
		var template, group string
		err := tx.QueryRowContext(ctx, `SELECT s.id, s.template, i.grp FROM survey_invitations i JOIN surveys s ON s.id = i.survey_id
			WHERE i.token_hash = $1 AND s.org_id = $2 AND s.status = $3`, hash, orgID, domain.SurveyOpen).Scan(&surveyID, &template, &group)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "err.survey_token_unknown")
		}
		if err != nil {
			return fmt.Errorf("store: respond: %w", err)
		}
		if errs := r.Check(domain.SurveyQuestions(template)); len(errs) > 0 {
			return errs[0]
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM survey_invitations WHERE token_hash = $1`, hash)
		if err != nil {
			return fmt.Errorf("store: respond: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return domain.Errorf(domain.ENOTFOUND, "err.survey_token_unknown")
		}
		answers, err := json.Marshal(r.Answers)
		if err != nil {
			return fmt.Errorf("store: respond: %w", err)
		}
		r.Group, r.Day = group, domain.SurveyDay(tx.now)
		if _, err := tx.ExecContext(ctx, `INSERT INTO survey_responses (survey_id, grp, answered_on, answers) VALUES ($1, $2, $3, $4)`,
			surveyID, group, r.Day.String(), string(answers)); err != nil {
			return fmt.Errorf("store: respond: %w", err)
		}
		for _, q := range slices.Sorted(func(yield func(string) bool) {
			for q := range r.Open {
				if !yield(q) {
					return
				}
			}
		}) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_open_answers (survey_id, question, grp, body) VALUES ($1, $2, $3, $4)`,
				surveyID, q, group, r.Open[q]); err != nil {
				return fmt.Errorf("store: respond open: %w", err)
			}
		}
		return nil
	})
}

// CloseSurvey ends the answering: the tokens not used are forgotten.
// Errors: ENOTFOUND.
func (s *Store) CloseSurvey(ctx context.Context, actor Actor, orgID, surveyID int64) error {
	return s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE surveys SET status = $3, updated_at = $4 WHERE id = $1 AND org_id = $2`,
			surveyID, orgID, domain.SurveyClosed, tx.now)
		if err != nil {
			return fmt.Errorf("store: close survey: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "err.survey_not_found")
		}
		res, err = tx.ExecContext(ctx, `DELETE FROM survey_invitations WHERE survey_id = $1`, surveyID)
		if err != nil {
			return fmt.Errorf("store: close survey: %w", err)
		}
		unused, _ := res.RowsAffected()
		return tx.audit(ctx, actor.In(orgID), "survey.close", "survey", surveyID, fmt.Sprintf("unused=%d", unused))
	})
}

// SurveyGroups returns how many were invited per group, by group name.
func (s *Store) SurveyGroups(ctx context.Context, surveyID int64) ([]domain.SurveyGroupCount, error) {
	return queryAll(ctx, s.db, "survey groups", func(sc interface{ Scan(...any) error }) (domain.SurveyGroupCount, error) {
		var g domain.SurveyGroupCount
		var n int64
		err := sc.Scan(&g.Group, &n)
		g.Invited = int(n)
		return g, err
	}, `SELECT grp, invited FROM survey_groups WHERE survey_id = $1 ORDER BY grp`, surveyID)
}

// SurveyResponses returns the survey's responses (without open answers),
// in no meaningful order: sorted by group, day and answers.
func (s *Store) SurveyResponses(ctx context.Context, surveyID int64) ([]domain.SurveyResponse, error) {
	list, err := queryAll(ctx, s.db, "survey responses", func(sc interface{ Scan(...any) error }) (domain.SurveyResponse, error) {
		var r domain.SurveyResponse
		var day, answers string
		if err := sc.Scan(&r.Group, &day, &answers); err != nil {
			return r, err
		}
		d, err := domain.ParseDate("answered_on", day)
		if err != nil {
			return r, err
		}
		r.Day = d
		return r, json.Unmarshal([]byte(answers), &r.Answers)
	}, `SELECT grp, answered_on, answers FROM survey_responses WHERE survey_id = $1 ORDER BY grp, answered_on, answers`, surveyID)
	return list, err
}

// SurveyOpenAnswers returns the survey's open answers by question and
// group.
func (s *Store) SurveyOpenAnswers(ctx context.Context, surveyID int64) ([]domain.SurveyOpenAnswer, error) {
	list, err := queryAll(ctx, s.db, "survey open answers", func(sc interface{ Scan(...any) error }) (domain.SurveyOpenAnswer, error) {
		var a domain.SurveyOpenAnswer
		err := sc.Scan(&a.ID, &a.Question, &a.Group, &a.Text, &a.Read, &a.Withheld)
		return a, err
	}, `SELECT id, question, grp, body, is_read, withheld FROM survey_open_answers WHERE survey_id = $1`, surveyID)
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Question != list[j].Question {
			return list[i].Question < list[j].Question
		}
		return list[i].Text < list[j].Text
	})
	return list, err
}

// ReadOpenAnswer marks an open answer read by the controller: shown in the
// results, or withheld from them. Errors: ENOTFOUND.
func (s *Store) ReadOpenAnswer(ctx context.Context, actor Actor, orgID, surveyID, answerID int64, withheld bool) error {
	return s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE survey_open_answers SET is_read = TRUE, withheld = $3
			WHERE id = $1 AND survey_id = $2 AND survey_id IN (SELECT id FROM surveys WHERE org_id = $4)`,
			answerID, surveyID, withheld, orgID)
		if err != nil {
			return fmt.Errorf("store: read open answer: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "err.survey_not_found")
		}
		return tx.audit(ctx, actor.In(orgID), "survey.open_read", "survey", surveyID, fmt.Sprintf("answer=%d withheld=%t", answerID, withheld))
	})
}
