package domain

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Gifts and invitations (geschenken en uitnodigingen) offered to people of
// the organisation, with HR's decision on each. Above the organisation's
// threshold a gift may be accepted only with permission; a giver who shows
// up often is worth seeing. Nothing here is sealed: the register is HR's
// and the person's own.
var (
	// GiftKinds are the kinds: a gift or an invitation (a dinner, a
	// concert, a trip).
	GiftKinds = []GiftKind{GiftKindGift, GiftKindInvitation}
	// GiftDecisions are the decisions, in the order forms and tables show
	// them; "pending" is the first state of every gift an employee reports.
	GiftDecisions = []GiftDecision{GiftDecisionPending, GiftDecisionAccepted, GiftDecisionAcceptedWithPermission,
		GiftDecisionDeclined, GiftDecisionHandedIn}
)

// GiftKind tells a gift from an invitation.
type GiftKind string

// The gift kinds.
const (
	GiftKindGift       GiftKind = "gift"
	GiftKindInvitation GiftKind = "invitation"
)

// GiftDecision is HR's decision on a gift.
type GiftDecision string

// The gift decisions.
const (
	GiftDecisionPending                GiftDecision = "pending"
	GiftDecisionAccepted               GiftDecision = "accepted"
	GiftDecisionAcceptedWithPermission GiftDecision = "accepted_with_permission"
	GiftDecisionDeclined               GiftDecision = "declined"
	GiftDecisionHandedIn               GiftDecision = "handed_in"
)

// Pending reports whether HR has yet to decide.
func (d GiftDecision) Pending() bool { return d == GiftDecisionPending }

// Limits of a gift's fields.
const (
	DefaultGiftThresholdCents int64 = 5000        // € 50,00
	MaxGiftThresholdCents     int64 = 1000000     // € 10.000,00
	MaxGiftValueCents         int64 = 100_000_000 // € 1.000.000,00
	MaxGiftGiverRunes               = 200
	MaxGiftDescriptionRunes         = 1000
	// FrequentGiverCount is the number of gifts in a year from which a
	// giver is marked as one who shows up often.
	FrequentGiverCount = 3
)

// Gift is one gift or invitation offered to a person of the people
// register.
type Gift struct {
	ID            int64
	OrgID         int64
	PersonID      int64  // the recipient
	PersonName    string // read only: the recipient's name and number
	PersonRef     string
	Giver         string    // the organisation or person giving, free text
	OfferedOn     time.Time // a day: midnight in Europe/Amsterdam
	Description   string
	ValueCents    int64 // the estimated value, in euro cents
	Kind          GiftKind
	Decision      GiftDecision
	DecidedBy     int64  // the HR user who decided; 0 while pending
	DecidedByName string // read only
	DecidedAt     *time.Time
	SelfReported  bool // reported by the recipient through self-service
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Normalise trims the text fields and turns the date into a day.
func (g *Gift) Normalise() {
	g.Giver = strings.Join(strings.Fields(g.Giver), " ")
	g.Description = strings.TrimSpace(g.Description)
	g.Kind, g.Decision = GiftKind(strings.TrimSpace(string(g.Kind))), GiftDecision(strings.TrimSpace(string(g.Decision)))
	if !g.OfferedOn.IsZero() {
		g.OfferedOn = Day(g.OfferedOn)
	}
}

// GiftNeedsPermission reports whether a gift of this value needs
// permission to be accepted: above the threshold, not at it.
func GiftNeedsPermission(valueCents, thresholdCents int64) bool { return valueCents > thresholdCents }

// GiftDecisionAllowed reports whether the decision may be recorded for a
// gift of this value: plain "accepted" only at or below the threshold.
func GiftDecisionAllowed(decision GiftDecision, valueCents, thresholdCents int64) bool {
	return decision != GiftDecisionAccepted || !GiftNeedsPermission(valueCents, thresholdCents)
}

// NeedsPermission reports whether the gift is above the threshold.
func (g *Gift) NeedsPermission(thresholdCents int64) bool {
	return GiftNeedsPermission(g.ValueCents, thresholdCents)
}

// Value is the estimated value as people read it: "€ 1.250,00".
func (g *Gift) Value() string { return FormatEuro(g.ValueCents) }

// Check returns every problem with the gift as of the day today under the
// threshold, each a FieldError naming the form field; a gift above the
// threshold recorded as plain accepted is an error at "decision"
// (gift.err_threshold, naming the threshold).
func (g *Gift) Check(today time.Time, thresholdCents int64) []error {
	g.Normalise()
	var errs []error
	if g.PersonID <= 0 {
		errs = append(errs, FieldError("person", "gift.err_person"))
	}
	switch n := utf8.RuneCountInString(g.Giver); {
	case n == 0:
		errs = append(errs, FieldError("giver", "gift.err_giver"))
	case n > MaxGiftGiverRunes:
		errs = append(errs, FieldError("giver", "err.too_long"))
	}
	switch {
	case g.OfferedOn.IsZero():
		errs = append(errs, FieldError("offered_on", "gift.err_date"))
	case g.OfferedOn.After(Day(today)):
		errs = append(errs, FieldError("offered_on", "gift.err_future"))
	case g.OfferedOn.Year() < RecordFirstYear:
		errs = append(errs, FieldError("offered_on", "err.date_invalid"))
	}
	switch n := utf8.RuneCountInString(g.Description); {
	case n == 0:
		errs = append(errs, FieldError("description", "gift.err_description"))
	case n > MaxGiftDescriptionRunes:
		errs = append(errs, FieldError("description", "gift.err_description_long", MaxGiftDescriptionRunes))
	}
	if g.ValueCents < 0 || g.ValueCents > MaxGiftValueCents {
		errs = append(errs, FieldError("value", "gift.err_value"))
	}
	if !slices.Contains(GiftKinds, g.Kind) {
		errs = append(errs, FieldError("kind", "gift.err_kind"))
	}
	switch {
	case !slices.Contains(GiftDecisions, g.Decision):
		errs = append(errs, FieldError("decision", "gift.err_decision"))
	case !GiftDecisionAllowed(g.Decision, g.ValueCents, thresholdCents):
		errs = append(errs, FieldError("decision", "gift.err_threshold", Euro(thresholdCents)))
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (g *Gift) Validate(today time.Time, thresholdCents int64) error {
	return firstError(g.Check(today, thresholdCents))
}

// GiftDetailErrors moves the threshold error of a form without a decision
// field (the details of a recorded gift) to the value, which is what the
// person changed.
func GiftDetailErrors(errs []error) []error {
	out := make([]error, 0, len(errs))
	for _, err := range errs {
		if e := AsError(err); e != nil && e.Field == "decision" && e.Key == "gift.err_threshold" {
			err = FieldError("value", "gift.err_threshold_value", e.Args...)
		}
		out = append(out, err)
	}
	return out
}

// CheckGiftThreshold checks a threshold HR sets, in cents.
func CheckGiftThreshold(cents int64) error {
	if cents < 0 || cents > MaxGiftThresholdCents {
		return FieldError("threshold", "gift.err_threshold_range", Euro(MaxGiftThresholdCents))
	}
	return nil
}

// FormatEuro writes an amount in cents the Dutch way: "€ 1.250,00".
func FormatEuro(cents int64) string { return "€ " + FormatEuroPlain(cents) }

// Euro is an amount in cents as a message argument: T writes it in the
// reader's language ("€ 50,00", "€50.00"); printed without one, in Dutch.
type Euro int64

// In writes the amount as readers of lang read it (FormatEuroIn).
func (e Euro) In(lang string) string { return FormatEuroIn(lang, int64(e)) }

// String writes the amount the Dutch way.
func (e Euro) String() string { return FormatEuro(int64(e)) }

// FormatEuroIn writes an amount in cents as readers of the language lang
// read it: "€ 1.250,00" in Dutch (and any language but English), "€1,250.00"
// in English. Every page and the annual report write amounts with it.
func FormatEuroIn(lang string, cents int64) string {
	if lang != "en" {
		return FormatEuro(cents)
	}
	return "€" + strings.NewReplacer(".", ",", ",", ".").Replace(FormatEuroPlain(cents))
}

// FormatEuroPlain writes an amount in cents without the sign, the Dutch
// way, for exports: "1.250,00".
func FormatEuroPlain(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	euros := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	for i, c := range euros {
		if i > 0 && (len(euros)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	out := b.String() + "," + strconv.FormatInt(cents%100/10, 10) + strconv.FormatInt(cents%10, 10)
	if neg {
		out = "-" + out
	}
	return out
}

// FormatEuroInput writes an amount in cents for a form field: "1250,50",
// "45" for whole euros.
func FormatEuroInput(cents int64) string {
	if cents%100 == 0 {
		return strconv.FormatInt(cents/100, 10)
	}
	return strconv.FormatInt(cents/100, 10) + "," + strconv.FormatInt(cents%100/10, 10) + strconv.FormatInt(cents%10, 10)
}

// ParseEuro reads an amount in euros as people type it: "45", "45,50",
// "45.50", "€ 1.250,00", "1,250.00", "EUR 75", "45,-". With both
// separators the last is the decimal one; a single comma is the decimal
// one; a single dot too, unless three digits follow it ("1.250"). It
// reports false for anything else, for negative amounts and for more than
// two decimals.
func ParseEuro(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	for _, p := range []string{"€", "EUR", "eur", "Eur"} {
		s = strings.TrimSpace(strings.TrimPrefix(s, p))
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), "\u00a0", "")
	s = strings.TrimSuffix(strings.TrimSuffix(s, ",-"), ".-")
	if s == "" || len(s) > 20 {
		return 0, false
	}
	intPart, frac := s, ""
	lastComma, lastDot := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.')
	thousands, split := "", false
	switch {
	case lastComma >= 0 && lastDot >= 0: // both: the last one is the decimal separator
		dec := max(lastComma, lastDot)
		intPart, frac, split = s[:dec], s[dec+1:], true
		if strings.IndexByte(intPart, s[dec]) >= 0 {
			return 0, false
		}
		thousands = ","
		if s[dec] == ',' {
			thousands = "."
		}
	case lastComma >= 0 || lastDot >= 0:
		dec := max(lastComma, lastDot)
		// One comma is the decimal one (Dutch); one dot too unless three
		// digits follow ("1.250"); several separate thousands.
		if one := strings.Count(s, s[dec:dec+1]) == 1; one && (s[dec] == ',' || len(s)-dec-1 <= 2) {
			intPart, frac, split = s[:dec], s[dec+1:], true
		} else {
			thousands = s[dec : dec+1] // groups of three digits
		}
	}
	if split && (frac == "" || len(frac) > 2) {
		return 0, false
	}
	if thousands != "" {
		groups := strings.Split(intPart, thousands)
		for i, g := range groups {
			if g == "" || (i > 0 && len(g) != 3) || len(g) > 3 {
				return 0, false
			}
		}
		intPart = strings.Join(groups, "")
	}
	for _, c := range intPart + frac {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	if intPart == "" {
		intPart = "0"
	}
	if len(intPart) > 12 {
		return 0, false
	}
	euros, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil {
		return 0, false
	}
	cents := int64(0)
	if frac != "" {
		c, _ := strconv.ParseInt(frac, 10, 64)
		if len(frac) == 1 {
			c *= 10
		}
		cents = c
	}
	return euros*100 + cents, true
}

// GiverKey groups the spellings of one giver: case and spaces do not count.
func GiverKey(giver string) string { return strings.ToLower(strings.Join(strings.Fields(giver), " ")) }

// GiftCounts are the figures of one year's gifts (by the day they were
// offered) for the annual report and the overview.
type GiftCounts struct {
	Year       int
	Total      int
	TotalCents int64
	ByDecision map[string]int // every code of GiftDecisions, zero included
	ByKind     map[string]int // every code of GiftKinds, zero included
}

// NewGiftCounts returns zero counts for year with every code present.
func NewGiftCounts(year int) GiftCounts {
	c := GiftCounts{Year: year, ByDecision: map[string]int{}, ByKind: map[string]int{}}
	for _, d := range GiftDecisions {
		c.ByDecision[string(d)] = 0
	}
	for _, k := range GiftKinds {
		c.ByKind[string(k)] = 0
	}
	return c
}

// Add counts one gift.
func (c *GiftCounts) Add(g *Gift) {
	c.Total++
	c.TotalCents += g.ValueCents
	c.ByDecision[string(g.Decision)]++
	c.ByKind[string(g.Kind)]++
}

// GiftGiver is one giver's line in the overview of a year.
type GiftGiver struct {
	Giver      string // as first written in the year
	Count      int
	TotalCents int64
	Recipients int  // different people
	Frequent   bool // Count >= FrequentGiverCount
}

// GiftGivers groups gifts by giver (GiverKey): those who give most often
// first, then by total value, then by name.
func GiftGivers(gifts []*Gift) []GiftGiver {
	index := map[string]int{}
	people := map[string]map[int64]bool{}
	var out []GiftGiver
	for _, g := range gifts {
		k := GiverKey(g.Giver)
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			people[k] = map[int64]bool{}
			out = append(out, GiftGiver{Giver: strings.Join(strings.Fields(g.Giver), " ")})
		}
		out[i].Count++
		out[i].TotalCents += g.ValueCents
		people[k][g.PersonID] = true
		out[i].Recipients = len(people[k])
	}
	for i := range out {
		out[i].Frequent = out[i].Count >= FrequentGiverCount
	}
	slices.SortStableFunc(out, func(a, b GiftGiver) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(b.TotalCents, a.TotalCents),
			cmp.Compare(GiverKey(a.Giver), GiverKey(b.Giver)))
	})
	return out
}
