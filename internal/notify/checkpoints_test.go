package notify

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/audit"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/mail/mailtest"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_AuditCheckpointsLeaveTheServer: a pass of the checkpoint job
// writes the installation's signed checkpoint to the log stream and mails
// each auditor with an address (only them) their organisation's; both
// verify against the log, and the mailed one is the file the auditor keeps.
func TestDefect_AuditCheckpointsLeaveTheServer(t *testing.T) {
	smtp := mailtest.NewServer(t)
	e := newNotifyEnv(t, "", smtp, notifyWithSMTP(smtp))
	ctx := context.Background()
	if err := e.st.UseAuditKey(ctx, filepath.Join(t.TempDir(), "audit.key")); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*domain.User{
		{Username: "ans", Email: "ans@oss.example", Roles: []domain.Role{domain.RoleAuditor}},
		{Username: "bert", Roles: []domain.Role{domain.RoleAuditor}},
		{Username: "cor", Email: "cor@oss.example", Roles: []domain.Role{domain.RoleHR}},
	} {
		u.OrgID, u.PasswordHash = e.org.ID, "$argon2id$test"
		if err := e.st.CreateUser(ctx, store.CLI, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.srv.CheckpointOnce(ctx); err != nil {
		t.Fatal(err)
	}
	msgs := smtp.Wait(t, 1)
	if len(msgs) != 1 || len(msgs[0].To) != 1 || msgs[0].To[0] != "ans@oss.example" || msgs[0].Subject != "Controlepunt van het auditlog" {
		t.Fatalf("mail: %+v", msgs)
	}
	text := msgs[0].Text
	mailed, err := audit.ReadCheckpoint(strings.NewReader(text[strings.Index(text, "{"):]))
	if err != nil || mailed.Organisation != "oss" {
		t.Fatalf("mailed checkpoint %+v, %v\n%s", mailed, err, text)
	}
	for _, want := range []string{"De keten was op dat moment intact.", "integer audit verify --checkpoint", "The chain was intact at that moment."} {
		if !strings.Contains(text, want) {
			t.Errorf("mail lacks %q", want)
		}
	}
	var line struct {
		Msg        string `json:"msg"`
		Checkpoint string `json:"checkpoint"`
	}
	for l := range strings.SplitSeq(e.logs.String(), "\n") {
		if json.Unmarshal([]byte(l), &line) == nil && line.Checkpoint != "" {
			break
		}
	}
	logged, err := audit.ReadCheckpoint(strings.NewReader(line.Checkpoint))
	if err != nil || logged.Seq != mailed.Seq || logged.Head != mailed.Head {
		t.Fatalf("logged checkpoint %+v (%v), mailed %+v", logged, err, mailed)
	}
	for _, cp := range []audit.Checkpoint{logged, mailed} {
		if _, brk, err := e.st.VerifyAuditCheckpoint(ctx, cp); err != nil || brk != nil {
			t.Errorf("checkpoint %+v: %+v %v", cp, brk, err)
		}
	}
}
