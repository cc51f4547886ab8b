package domain

import (
	"testing"
	"time"
)

func TestParseQuarter(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Quarter
		ok   bool
	}{
		{"2025-Q1", Quarter{2025, 1}, true},
		{"2025-q4", Quarter{2025, 4}, true},
		{" 2026 Q2 ", Quarter{2026, 2}, true},
		{"Q3 2025", Quarter{2025, 3}, true},
		{"K2 2026", Quarter{2026, 2}, true},
		{"2026-K3", Quarter{2026, 3}, true},
		{"", Quarter{}, true},
		{"2025-Q5", Quarter{}, false},
		{"2025-Q0", Quarter{}, false},
		{"2025", Quarter{}, false},
		{"Q1", Quarter{}, false},
		{"1899-Q1", Quarter{}, false},
	} {
		got, err := ParseQuarter("from", c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseQuarter(%q) = %v, %v; want %v, ok=%v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestQuarterDays(t *testing.T) {
	q := Quarter{2025, 4}
	if q.First() != (Date{2025, time.October, 1}) || q.Last() != (Date{2025, time.December, 31}) || q.Next() != (Quarter{2026, 1}) || q.Next().Prev() != q {
		t.Errorf("Q4 2025: %v..%v next %v", q.First(), q.Last(), q.Next())
	}
	if (Quarter{2026, 1}).Last() != (Date{2026, time.March, 31}) {
		t.Errorf("Q1 2026 ends %v", Quarter{2026, 1}.Last())
	}
	// 23:30 UTC on 31 March is already 1 April in Amsterdam: the second quarter.
	if got := QuarterOf(time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC)); got != (Quarter{2026, 2}) {
		t.Errorf("QuarterOf = %v", got)
	}
}

// TestActionOverdue: an action is flagged when the last day of its period
// has passed and it is neither done nor dropped.
func TestActionOverdue(t *testing.T) {
	until := Quarter{2025, 4}
	for _, c := range []struct {
		status ActionStatus
		day    Date
		want   bool
	}{
		{ActionRunning, Date{2025, 12, 31}, false}, // the last day itself
		{ActionRunning, Date{2026, 1, 1}, true},
		{ActionPlanned, Date{2026, 6, 1}, true},
		{ActionDone, Date{2026, 6, 1}, false},
		{ActionDropped, Date{2026, 6, 1}, false},
	} {
		a := PlanAction{Status: c.status, From: Quarter{2025, 1}, Until: until}
		if got := a.OverdueOn(c.day); got != c.want {
			t.Errorf("%s on %v: overdue %v, want %v", c.status, c.day, got, c.want)
		}
	}
	// The report of a quarter counts on the day after it, or today if sooner.
	if got := ReportDay(Date{2025, 12, 31}, Date{2026, 3, 2}); got != (Date{2026, 1, 1}) {
		t.Errorf("ReportDay past = %v", got)
	}
	if got := ReportDay(Date{2026, 3, 31}, Date{2026, 3, 2}); got != (Date{2026, 3, 2}) {
		t.Errorf("ReportDay running = %v", got)
	}
}

func TestPlanActionCheck(t *testing.T) {
	valid := func() PlanAction {
		return PlanAction{LineID: 1, Number: 1, Description: "Training", Kind: ActionNew,
			From: Quarter{2025, 1}, Until: Quarter{2025, 2}, Status: ActionPlanned}
	}
	for _, c := range []struct {
		name  string
		edit  func(*PlanAction)
		field string
	}{
		{"valid", func(*PlanAction) {}, ""},
		{"no line", func(a *PlanAction) { a.LineID = 0 }, "line"},
		{"number 0", func(a *PlanAction) { a.Number = 0 }, "number"},
		{"blank description", func(a *PlanAction) { a.Description = "  " }, "description"},
		{"kind", func(a *PlanAction) { a.Kind = "old" }, "kind"},
		{"no period", func(a *PlanAction) { a.From = Quarter{} }, "from"},
		{"until before from", func(a *PlanAction) { a.Until = Quarter{2024, 4} }, "until"},
		{"status", func(a *PlanAction) { a.Status = "paused" }, "status"},
		{"dropped without reason", func(a *PlanAction) { a.Status = ActionDropped }, "reason"},
		{"dropped with reason", func(a *PlanAction) { a.Status, a.StatusReason = ActionDropped, "Budget" }, ""},
	} {
		a := valid()
		c.edit(&a)
		errs := a.Check()
		field := ""
		if len(errs) > 0 {
			field = errs[0].(*Error).Field
		}
		if field != c.field || (c.field == "") != (len(errs) == 0) {
			t.Errorf("%s: errors %v, want field %q", c.name, errs, c.field)
		}
	}
}
