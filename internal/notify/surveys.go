package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/mail"
)

// SurveyInvitation is one invitation to send: the address and its token.
// Neither is kept after sending.
type SurveyInvitation struct {
	Email string
	Token string
}

// MailEnabled reports whether the installation sends e-mail at all.
func (s *Notifier) MailEnabled() bool { return s.cfg.Mail().Enabled() }

// SurveyInvitations sends each invitation in the background: the survey's
// title, the organisation, the personal link and what anonymity means. A
// failure is logged with the survey's id and a count, never an address or
// a token.
func (s *Notifier) SurveyInvitations(org *domain.Organisation, sv *domain.Survey, invitations []SurveyInvitation) {
	if len(invitations) == 0 || !s.MailEnabled() {
		return
	}
	go func() {
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("survey invitations: panic", "survey_id", sv.ID, "panic", fmt.Sprint(v))
			}
		}()
		ctx, cancel := context.WithTimeout(context.Background(), notifyTimeout+time.Duration(len(invitations))*time.Second)
		defer cancel()
		failed := 0
		for _, inv := range invitations {
			link := s.link(org.Slug, "survey", inv.Token)
			subject, text := s.compose("notify.survey", "notify.footer_survey", func(lang string) []any {
				return []any{org.Name, sv.Title, link, sv.MinGroup}
			})
			if err := s.mail.Send(ctx, mail.Message{To: []string{inv.Email}, Subject: subject, Text: text}); err != nil {
				failed++
			}
		}
		if failed > 0 {
			s.log.Error("survey invitations not sent", "survey_id", sv.ID, "failed", failed, "of", len(invitations))
		}
	}()
}
