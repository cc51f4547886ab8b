package domain

import (
	"strings"
	"testing"
	"time"
)

// checkCase is one row of a Check table: a change to a valid input and the
// problems it must give, each "field key", in Check's order.
type checkCase[T any] struct {
	name   string
	change func(*T)
	want   []string
}

// runChecks runs each case's change on a fresh valid input and compares
// every problem Check returns (not only the first), and that Validate is
// the first of them.
func runChecks[T any](t *testing.T, valid func() T, check func(*T) []error, validate func(*T) error, cases []checkCase[T]) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			x := valid()
			if tc.change != nil {
				tc.change(&x)
			}
			errs := check(&x)
			var got []string
			for _, err := range errs {
				e := AsError(err)
				if e == nil || e.Code != EINVALID {
					t.Fatalf("problem %v is not an EINVALID FieldError", err)
				}
				got = append(got, e.Field+" "+e.Key)
			}
			if strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
				t.Errorf("problems\n got %q\nwant %q", got, tc.want)
			}
			y := valid()
			if tc.change != nil {
				tc.change(&y)
			}
			if err := validate(&y); (err == nil) != (len(errs) == 0) || (err != nil && err.Error() != errs[0].Error()) {
				t.Errorf("Validate = %v, want the first of %v", err, errs)
			}
		})
	}
}

func TestActivityCheck(t *testing.T) {
	noon := time.Date(2026, 3, 1, 11, 0, 0, 0, time.UTC)
	valid := func() Activity {
		n := 12
		return Activity{Date: noon, Title: " Dilemmatraining ", Kind: ActivityKindTraining,
			Audiences: []ActivityAudience{ActivityAudienceManagement, ActivityAudienceCouncil, ActivityAudienceCouncil}, Attendance: &n}
	}
	long := func(n int) string { return strings.Repeat("x", n) }
	runChecks(t, valid, (*Activity).Check, (*Activity).Validate, []checkCase[Activity]{
		{"valid", nil, nil},
		{"no date", func(a *Activity) { a.Date = time.Time{} }, []string{"date err.activity_date_required"}},
		{"date out of range", func(a *Activity) { a.Date = time.Date(1989, 12, 31, 12, 0, 0, 0, time.UTC) }, []string{"date err.date_invalid"}},
		{"no title", func(a *Activity) { a.Title = "  " }, []string{"title err.activity_title_required"}},
		{"title too long", func(a *Activity) { a.Title = long(MaxActivityTitle + 1) }, []string{"title err.too_long"}},
		{"unknown kind", func(a *Activity) { a.Kind = "party" }, []string{"kind err.activity_kind_required"}},
		{"unknown audience", func(a *Activity) { a.Audiences = append(a.Audiences, "press") }, []string{"audiences err.choice_invalid"}},
		{"no audience", func(a *Activity) { a.Audiences = nil }, []string{"audiences err.activity_audience_required"}},
		{"attendance negative", func(a *Activity) { n := -1; a.Attendance = &n }, []string{"attendance err.activity_attendance_invalid"}},
		{"materials too long", func(a *Activity) { a.Materials = long(MaxActivityMaterials + 1) }, []string{"materials err.too_long"}},
		{"several at once", func(a *Activity) { *a = Activity{Materials: long(MaxActivityMaterials + 1)} }, []string{"date err.activity_date_required",
			"title err.activity_title_required", "kind err.activity_kind_required", "audiences err.activity_audience_required", "materials err.too_long"}},
	})
	a := valid()
	a.Check()
	if a.Title != "Dilemmatraining" || len(a.Audiences) != 2 || a.Audiences[0] != ActivityAudienceCouncil {
		t.Errorf("not tidied: %q %v", a.Title, a.Audiences)
	}
}

func TestCouncilQuestionCheck(t *testing.T) {
	valid := func() CouncilQuestion {
		return CouncilQuestion{Date: time.Date(2026, 3, 1, 11, 0, 0, 0, time.UTC), Topic: CouncilTopicGifts}
	}
	runChecks(t, valid, (*CouncilQuestion).Check, (*CouncilQuestion).Validate, []checkCase[CouncilQuestion]{
		{"valid", nil, nil},
		{"no topic is fine", func(q *CouncilQuestion) { q.Topic = "" }, nil},
		{"no date", func(q *CouncilQuestion) { q.Date = time.Time{} }, []string{"date err.council_date_required"}},
		{"date out of range", func(q *CouncilQuestion) { q.Date = time.Date(2101, 1, 1, 12, 0, 0, 0, time.UTC) }, []string{"date err.date_invalid"}},
		{"unknown topic", func(q *CouncilQuestion) { q.Topic = "weather" }, []string{"topic err.choice_invalid"}},
		{"several at once", func(q *CouncilQuestion) { *q = CouncilQuestion{Topic: "weather"} }, []string{"date err.council_date_required", "topic err.choice_invalid"}},
	})
}

func TestScreeningCheck(t *testing.T) {
	valid := func() Screening {
		return Screening{Date: time.Date(2026, 3, 1, 11, 0, 0, 0, time.UTC), Reference: "kandidaat-wethouder 2026-1",
			CandidateRole: CandidateRoleAlderman, PerformedBy: "BING", Outcome: ScreeningOutcomeNoRisks}
	}
	runChecks(t, valid, (*Screening).Check, (*Screening).Validate, []checkCase[Screening]{
		{"valid", nil, nil},
		{"no date", func(s *Screening) { s.Date = time.Time{} }, []string{"date err.council_date_required"}},
		{"no reference", func(s *Screening) { s.Reference = " " }, []string{"reference err.screening_reference_required"}},
		{"reference too long", func(s *Screening) { s.Reference = strings.Repeat("é", MaxCouncilShort+1) }, []string{"reference err.too_long"}},
		{"unknown role", func(s *Screening) { s.CandidateRole = "mayor" }, []string{"candidate_role err.screening_role_required"}},
		{"no performer", func(s *Screening) { s.PerformedBy = "" }, []string{"performed_by err.screening_performed_by_required"}},
		{"performer too long", func(s *Screening) { s.PerformedBy = strings.Repeat("x", MaxCouncilShort+1) }, []string{"performed_by err.too_long"}},
		{"unknown outcome", func(s *Screening) { s.Outcome = "maybe" }, []string{"outcome err.screening_outcome_required"}},
		{"note too long", func(s *Screening) { s.Note = strings.Repeat("x", MaxCouncilNote+1) }, []string{"note err.screening_note_too_long"}},
		{"several at once", func(s *Screening) { *s = Screening{} }, []string{"date err.council_date_required", "reference err.screening_reference_required",
			"candidate_role err.screening_role_required", "performed_by err.screening_performed_by_required", "outcome err.screening_outcome_required"}},
	})
}

func TestConductCodeCheck(t *testing.T) {
	valid := func() ConductCode {
		return ConductCode{Body: ConductBodyCouncil, Title: "Gedragscode raad", Version: "2026", AdoptedOn: time.Date(2026, 1, 29, 11, 0, 0, 0, time.UTC)}
	}
	runChecks(t, valid, (*ConductCode).Check, (*ConductCode).Validate, []checkCase[ConductCode]{
		{"valid", nil, nil},
		{"unknown body", func(c *ConductCode) { c.Body = "staff" }, []string{"body err.conduct_body_required"}},
		{"no title", func(c *ConductCode) { c.Title = "" }, []string{"title err.conduct_title_required"}},
		{"title too long", func(c *ConductCode) { c.Title = strings.Repeat("x", MaxCouncilShort+1) }, []string{"title err.too_long"}},
		{"no version", func(c *ConductCode) { c.Version = " " }, []string{"version err.conduct_version_required"}},
		{"version too long", func(c *ConductCode) { c.Version = strings.Repeat("x", MaxCouncilShort+1) }, []string{"version err.too_long"}},
		{"no adoption date", func(c *ConductCode) { c.AdoptedOn = time.Time{} }, []string{"adopted_on err.council_date_required"}},
		{"adoption date out of range", func(c *ConductCode) { c.AdoptedOn = time.Date(1900, 1, 1, 12, 0, 0, 0, time.UTC) }, []string{"adopted_on err.date_invalid"}},
		{"publication too long", func(c *ConductCode) { c.PublishedAt = strings.Repeat("x", MaxCouncilNote+1) }, []string{"published_at err.too_long"}},
		{"several at once", func(c *ConductCode) { *c = ConductCode{} }, []string{"body err.conduct_body_required", "title err.conduct_title_required",
			"version err.conduct_version_required", "adopted_on err.council_date_required"}},
	})
}

// adviserToday is the advisers' "today": a date at midnight UTC.
var adviserToday = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)

func TestAdviserCaseCheck(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	valid := func() AdviserCase {
		return AdviserCase{OpenedOn: day(2), IssueKinds: []string{string(AdviserConductKindBullying)}, Relations: []string{string(AdviserRelationManager)}}
	}
	closed := func(d int) func(*AdviserCase) { return func(c *AdviserCase) { on := day(d); c.ClosedOn = &on } }
	runChecks(t, valid, func(c *AdviserCase) []error { return c.Check(adviserToday) }, func(c *AdviserCase) error { return c.Validate(adviserToday) }, []checkCase[AdviserCase]{
		{"valid", nil, nil},
		{"valid closed", closed(9), nil},
		{"no opening date", func(c *AdviserCase) { c.OpenedOn = time.Time{} }, []string{"opened err.adviser_date_required"}},
		{"opened in the future", func(c *AdviserCase) { c.OpenedOn = day(11) }, []string{"opened err.adviser_date_future"}},
		{"opened before the records", func(c *AdviserCase) { c.OpenedOn = time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC) }, []string{"opened err.date_invalid"}},
		{"unknown issue kind", func(c *AdviserCase) { c.IssueKinds = append(c.IssueKinds, "gossip") }, []string{"issue_kinds err.choice_invalid"}},
		{"unknown relation", func(c *AdviserCase) { c.Relations = []string{"cousin"} }, []string{"relations err.choice_invalid"}},
		{"unknown formal report", func(c *AdviserCase) { c.FormalReport = "maybe" }, []string{"formal_report err.choice_invalid"}},
		{"closed in the future", closed(11), []string{"closed err.adviser_date_future"}},
		{"closed before opened", closed(1), []string{"closed err.adviser_closed_before_opened"}},
		{"closed without issue kinds", func(c *AdviserCase) { closed(9)(c); c.IssueKinds = nil }, []string{"issue_kinds err.adviser_issue_kinds_to_close"}},
		{"closed without relations", func(c *AdviserCase) { closed(9)(c); c.Relations = nil }, []string{"relations err.adviser_relations_to_close"}},
		{"note too long", func(c *AdviserCase) { c.Note = strings.Repeat("x", AdviserNoteMaxRunes+1) }, []string{"note err.adviser_note_too_long"}},
		{"several at once", func(c *AdviserCase) {
			*c = AdviserCase{IssueKinds: []string{"gossip"}, FormalReport: "maybe"}
			closed(11)(c)
		},
			[]string{"opened err.adviser_date_required", "issue_kinds err.choice_invalid", "formal_report err.choice_invalid",
				"closed err.adviser_date_future", "relations err.adviser_relations_to_close"}},
	})
	c := valid()
	c.IssueKinds = []string{string(AdviserConductKindDiscrimination), string(AdviserConductKindBullying), string(AdviserConductKindBullying)}
	c.Check(adviserToday)
	if len(c.IssueKinds) != 2 || c.IssueKinds[0] != string(AdviserConductKindBullying) || c.FormalReport != AdviserFormalReportNone {
		t.Errorf("not tidied: %v %q", c.IssueKinds, c.FormalReport)
	}
}

func TestAdviserContactCheck(t *testing.T) {
	valid := func() AdviserContact {
		return AdviserContact{On: adviserToday, Kind: AdviserContactKindConversation, Minutes: 45}
	}
	runChecks(t, valid, func(c *AdviserContact) []error { return c.Check(adviserToday) }, func(c *AdviserContact) error { return c.Validate(adviserToday) }, []checkCase[AdviserContact]{
		{"valid", nil, nil},
		{"no date", func(c *AdviserContact) { c.On = time.Time{} }, []string{"date err.adviser_date_required"}},
		{"in the future", func(c *AdviserContact) { c.On = adviserToday.AddDate(0, 0, 1) }, []string{"date err.adviser_date_future"}},
		{"unknown kind", func(c *AdviserContact) { c.Kind = "letter" }, []string{"kind err.adviser_kind_required"}},
		{"no time", func(c *AdviserContact) { c.Minutes = 0 }, []string{"hours err.adviser_hours_required"}},
		{"too long", func(c *AdviserContact) { c.Minutes = AdviserContactMaxMinutes + 1 }, []string{"hours err.adviser_hours_too_many"}},
		{"several at once", func(c *AdviserContact) { *c = AdviserContact{} }, []string{"date err.adviser_date_required", "kind err.adviser_kind_required",
			"hours err.adviser_hours_required"}},
	})
}

func TestAdviserActivityCheck(t *testing.T) {
	valid := func() AdviserActivity {
		return AdviserActivity{On: adviserToday, Kind: AdviserActivityKindTraining, Minutes: 120}
	}
	runChecks(t, valid, func(a *AdviserActivity) []error { return a.Check(adviserToday) }, func(a *AdviserActivity) error { return a.Validate(adviserToday) }, []checkCase[AdviserActivity]{
		{"valid", nil, nil},
		{"no date", func(a *AdviserActivity) { a.On = time.Time{} }, []string{"date err.adviser_date_required"}},
		{"in the future", func(a *AdviserActivity) { a.On = adviserToday.AddDate(0, 1, 0) }, []string{"date err.adviser_date_future"}},
		{"unknown kind", func(a *AdviserActivity) { a.Kind = "holiday" }, []string{"kind err.adviser_kind_required"}},
		{"no time", func(a *AdviserActivity) { a.Minutes = -5 }, []string{"hours err.adviser_hours_required"}},
		{"too long", func(a *AdviserActivity) { a.Minutes = AdviserActivityMaxMinutes + 1 }, []string{"hours err.adviser_hours_too_many"}},
		{"several at once", func(a *AdviserActivity) {
			*a = AdviserActivity{On: adviserToday.AddDate(0, 0, 1), Minutes: AdviserActivityMaxMinutes + 60}
		},
			[]string{"date err.adviser_date_future", "kind err.adviser_kind_required", "hours err.adviser_hours_too_many"}},
	})
}

func TestAdviserSettingsCheck(t *testing.T) {
	valid := func() AdviserSettings { return DefaultAdviserSettings }
	runChecks(t, valid, (*AdviserSettings).Check, (*AdviserSettings).Validate, []checkCase[AdviserSettings]{
		{"valid", nil, nil},
		{"lowest", func(s *AdviserSettings) { s.MinCell = AdviserMinCellLowest }, nil},
		{"too small", func(s *AdviserSettings) { s.MinCell = AdviserMinCellLowest - 1 }, []string{"min_cell err.adviser_min_cell"}},
		{"too large", func(s *AdviserSettings) { s.MinCell = AdviserMinCellHighest + 1 }, []string{"min_cell err.adviser_min_cell"}},
	})
}

func TestOrganisationCheck(t *testing.T) {
	valid := func() Organisation { return Organisation{Slug: " utrecht ", Name: " Gemeente Utrecht "} }
	runChecks(t, valid, (*Organisation).Check, (*Organisation).Validate, []checkCase[Organisation]{
		{"valid", nil, nil},
		{"bad slug", func(o *Organisation) { o.Slug = "Utrecht!" }, []string{"slug err.slug_invalid"}},
		{"reserved slug", func(o *Organisation) { o.Slug = "admin" }, []string{"slug err.slug_reserved"}},
		{"the metrics path", func(o *Organisation) { o.Slug = "metrics" }, []string{"slug err.slug_reserved"}},
		{"the readiness path", func(o *Organisation) { o.Slug = "readyz" }, []string{"slug err.slug_reserved"}},
		{"no name", func(o *Organisation) { o.Name = " " }, []string{"name err.name_required"}},
		{"name too long", func(o *Organisation) { o.Name = strings.Repeat("x", 201) }, []string{"name err.name_required"}},
		{"several at once", func(o *Organisation) { *o = Organisation{Slug: "x"} }, []string{"slug err.slug_invalid", "name err.name_required"}},
	})
	o := valid()
	o.Check()
	if o.Slug != "utrecht" || o.Name != "Gemeente Utrecht" {
		t.Errorf("not tidied: %q %q", o.Slug, o.Name)
	}
}

func TestChannelCheck(t *testing.T) {
	valid := func() Channel { return Channel{Code: "raad", NameNL: "De raad", NameEN: "The council"} }
	runChecks(t, valid, (*Channel).Check, (*Channel).Validate, []checkCase[Channel]{
		{"valid", nil, nil},
		{"bad code", func(c *Channel) { c.Code = "Raad van State" }, []string{"code err.channel_code_invalid"}},
		{"no Dutch name", func(c *Channel) { c.NameNL = "" }, []string{"name_nl err.name_required"}},
		{"no English name", func(c *Channel) { c.NameEN = strings.Repeat("x", 201) }, []string{"name_en err.name_required"}},
		{"several at once", func(c *Channel) { *c = Channel{} }, []string{"code err.channel_code_invalid", "name_nl err.name_required", "name_en err.name_required"}},
	})
}

func TestUserCheck(t *testing.T) {
	valid := func() User {
		return User{Username: " Eva.Jansen ", Email: "eva@example.nl", Roles: []Role{RoleCoordinator}}
	}
	runChecks(t, valid, (*User).Check, (*User).Validate, []checkCase[User]{
		{"valid", nil, nil},
		{"bad username", func(u *User) { u.Username = "e" }, []string{"username err.username_invalid"}},
		{"display name too long", func(u *User) { u.DisplayName = strings.Repeat("x", 201) }, []string{"display_name err.too_long"}},
		{"bad e-mail", func(u *User) { u.Email = "Eva <eva@example.nl>" }, []string{"email err.email_invalid"}},
		{"no roles", func(u *User) { u.Roles = nil }, []string{"roles err.roles_required"}},
		{"unknown role", func(u *User) { u.Roles = []Role{"king", "queen"} }, []string{"roles err.role_unknown"}},
		{"several at once", func(u *User) { *u = User{Username: "?", Email: "nobody"} }, []string{"username err.username_invalid",
			"email err.email_invalid", "roles err.roles_required"}},
	})
	u := valid()
	u.Check()
	if u.Username != "eva.jansen" || u.DisplayName != "eva.jansen" {
		t.Errorf("not tidied: %q %q", u.Username, u.DisplayName)
	}
}
