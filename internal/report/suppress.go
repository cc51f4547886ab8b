package report

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// figure is one count of the report, by its JSON path, with a way to
// replace it.
type figure struct {
	path string
	get  func() Count
	set  func(Count)
}

var countType = reflect.TypeFor[Count]()

// figures lists every count of the report by its JSON path (a trend's year
// as "trend[2021]"), in a stable order.
func (r *Report) figures() []figure {
	var out []figure
	walkCounts(reflect.ValueOf(r).Elem(), "", &out)
	return out
}

func walkCounts(v reflect.Value, path string, out *[]figure) {
	join := func(name string) string {
		if path == "" {
			return name
		}
		return path + "." + name
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walkCounts(v.Elem(), path, out)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" || name == "" {
				continue
			}
			fv := v.Field(i)
			if fv.Kind() == reflect.Pointer && fv.Type().Elem() == countType && !fv.IsNil() {
				fv = fv.Elem()
			}
			if fv.Type() == countType {
				*out = append(*out, figure{path: join(name),
					get: func() Count { return Count(fv.Int()) }, set: func(c Count) { fv.SetInt(int64(c)) }})
				continue
			}
			walkCounts(fv, join(name), out)
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			if v.Type().Elem().Kind() == reflect.Map { // a cross-table: row → column → count
				walkCounts(v.MapIndex(k), join(k.String()), out)
				continue
			}
			if v.Type().Elem() == countType {
				*out = append(*out, figure{path: join(k.String()),
					get: func() Count { return Count(v.MapIndex(k).Int()) },
					set: func(c Count) { v.SetMapIndex(k, reflect.ValueOf(c)) }})
				continue
			}
			if v.Type().Elem().Kind() == reflect.Struct { // CountHours: copy, change, store
				e := reflect.New(v.Type().Elem()).Elem()
				var sub []figure
				e.Set(v.MapIndex(k))
				walkCounts(e, join(k.String()), &sub)
				for _, f := range sub {
					get, set := f.get, f.set
					*out = append(*out, figure{path: f.path, get: func() Count {
						e.Set(v.MapIndex(k))
						return get()
					}, set: func(c Count) {
						e.Set(v.MapIndex(k))
						set(c)
						v.SetMapIndex(k, e)
					}})
				}
			}
		}
	case reflect.Slice:
		if v.Type().Elem() == reflect.TypeFor[YearCodes]() {
			for i := range v.Len() { // a trend by code: "trend_by_outcome[2021].counts.open"
				yc := v.Index(i)
				walkCounts(yc.FieldByName("Counts"), path+"["+strconv.FormatInt(yc.FieldByName("Year").Int(), 10)+"].counts", out)
			}
			return
		}
		if v.Type().Elem() != reflect.TypeFor[YearCount]() {
			return
		}
		for i := range v.Len() {
			yc := v.Index(i)
			y := yc.FieldByName("Year").Int()
			c := yc.FieldByName("Count")
			*out = append(*out, figure{path: path + "[" + strconv.FormatInt(y, 10) + "]",
				get: func() Count { return Count(c.Int()) }, set: func(n Count) { c.SetInt(int64(n)) }})
		}
	}
}

// group is a published sum: total = the sum of parts (JSON paths; a path
// ending in ".*" stands for every entry of that map, "contacts.*.count" for
// a field of every entry, ".**" for every entry of a map whose keys are
// the organisation's own words and may hold a dot).
type group struct {
	total string
	parts []string
}

// groups are the sums the report publishes, directly or through a table's
// total and the sentences that repeat a figure: a hidden count in one of
// them could be computed as the total minus the shown parts.
var groups = []group{
	{"reports.total", []string{"reports.by_reporter_kind.*"}},
	{"reports.total", []string{"reports.by_channel.*"}},
	{"reports.total", []string{"reports.by_context.*"}},
	{"reports.total", []string{"reports.by_investigation.*"}},
	{"reports.total", []string{"reports.by_investigation.none", "reports.investigated"}},
	{"reports.investigated", []string{"reports.by_investigation.preliminary", "reports.by_investigation.internal", "reports.by_investigation.external"}},
	{"reports.total", []string{"reports.deadlines_met.acknowledgement.*"}},
	{"reports.total", []string{"reports.deadlines_met.feedback.*"}},
	{"reports.allegations", []string{"reports.by_category.*"}},
	{"reports.allegations", []string{"reports.by_outcome.*"}},
	{"reports.by_outcome.discontinued", []string{"reports.stop_reasons.*"}},
	{"reports.allegations", []string{"reports.by_own_label.**", "reports.without_own_category"}},
	{"advice_requests.total", []string{"advice_requests.by_topic.*"}},
	{"confidential_advisers.contacts_total.count", []string{"confidential_advisers.contacts.*.count"}},
	{"confidential_advisers.cases", []string{"confidential_advisers.cases_by_adviser_kind.*"}},
	{"aggression.total", []string{"aggression.by_kind.*"}},
	{"aggression.total", []string{"aggression.by_target.*"}},
	{"people.oaths", []string{"people.oaths_only", "people.affirmations"}},
	{"council.screenings", []string{"council.screenings_by_outcome.*"}},
	{"outside_activities.reported", []string{"outside_activities.allowed", "outside_activities.allowed_with_conditions",
		"outside_activities.not_allowed", "outside_activities.pending"}},
	{"gifts.total", []string{"gifts.by_decision.*"}},
	{"gifts.total", []string{"gifts.by_kind.*"}},
	{"financial_interests.total", []string{"financial_interests.by_kind.*"}},
	{"financial_interests.total", []string{"financial_interests.by_assessment.*"}},
}

// match says whether path is named by pattern (see group).
func match(pattern, path string) bool {
	if pre, ok := strings.CutSuffix(pattern, "**"); ok {
		return strings.HasPrefix(path, pre) && len(path) > len(pre)
	}
	pre, post, wild := strings.Cut(pattern, "*")
	if !wild {
		return pattern == path
	}
	if !strings.HasPrefix(path, pre) || !strings.HasSuffix(path, post) || len(path) < len(pre)+len(post) {
		return false
	}
	return !strings.Contains(path[len(pre):len(path)-len(post)], ".")
}

// suppress hides every count from 1 to below-1 (primary suppression) and
// then, per published sum, as many more as it takes that no hidden count can
// be computed from the shown ones (complementary suppression): never a
// single hidden part in a sum whose total is shown. It returns how many counts it hid. The activities are
// not hidden: their list names each one.
func suppress(r *Report, below int) int {
	figs := map[string]figure{}
	exact := map[string]int{}
	for _, f := range r.figures() {
		if strings.HasPrefix(f.path, "activity_counts.") {
			continue
		}
		figs[f.path] = f
		exact[f.path] = int(f.get())
	}
	hidden := map[string]bool{}
	for p, n := range exact {
		if n > 0 && n < below {
			hidden[p] = true
		}
	}
	type sum struct {
		total string
		parts []string
	}
	var sums []sum
	for _, g := range append(slices.Clone(groups), crossGroups()...) {
		if _, ok := figs[g.total]; !ok {
			continue
		}
		s := sum{total: g.total}
		for _, pat := range g.parts {
			for p := range figs {
				if match(pat, p) {
					s.parts = append(s.parts, p)
				}
			}
		}
		slices.Sort(s.parts)
		sums = append(sums, s)
	}
	years := codeTrendRules(r, figs)
	for changed := true; changed; {
		changed = years.apply(exact, hidden)
		for _, s := range sums {
			var hid, shown []string
			for _, p := range s.parts {
				switch {
				case hidden[p]:
					hid = append(hid, p)
				case exact[p] > 0:
					shown = append(shown, p)
				}
			}
			if len(hid) != 1 || hidden[s.total] {
				continue
			}
			// One hidden part: hide the smallest shown part too (or else
			// the total).
			next := s.total
			if len(shown) > 0 {
				slices.SortStableFunc(shown, func(a, b string) int { return exact[a] - exact[b] })
				next = shown[0]
			}
			hidden[next] = true
			changed = true
		}
	}
	// The year of a trend is the year's total: hidden with it.
	for p := range figs {
		i := strings.Index(p, "trend[")
		if i < 0 || hidden[p] {
			continue
		}
		if y := p[i+6 : len(p)-1]; y == strconv.Itoa(r.Year) {
			for _, tot := range []string{p[:i] + "total", p[:i] + "first_contacts"} {
				if hidden[tot] && exact[tot] == exact[p] {
					hidden[p] = true
				}
			}
		}
	}
	for p := range hidden {
		if exact[p] < below {
			figs[p].set(Suppressed)
		} else {
			figs[p].set(Secret)
		}
	}
	return len(hidden)
}
