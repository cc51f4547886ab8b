package domain

import "testing"

// TestDilemmaDeck: the deck that ships parses and is what a facilitator
// needs: at least 40 dilemmas, each theme and each audience present, every
// dilemma complete in Dutch and English with the same 2–5 answers.
func TestDilemmaDeck(t *testing.T) {
	deck := DilemmaDeck()
	if len(deck) < 40 {
		t.Fatalf("the deck has %d dilemmas, want at least 40", len(deck))
	}
	seen := map[string]bool{}
	themes, audiences := map[string]int{}, map[DilemmaAudience]int{}
	for _, d := range deck {
		if seen[d.Ref] || d.Ref == "" {
			t.Errorf("dilemma code %q is empty or twice in the deck", d.Ref)
		}
		seen[d.Ref] = true
		themes[d.Theme]++
		audiences[d.Audience]++
		own := d
		if errs := own.Check(); len(errs) > 0 {
			t.Errorf("%s: %v", d.Ref, errs)
		}
		for lang, text := range map[string]DilemmaText{"nl": d.NL, "en": d.EN} {
			if text.Title == "" || text.Text == "" || len(text.Options) != len(d.NL.Options) {
				t.Errorf("%s in %s is incomplete: %+v", d.Ref, lang, text)
			}
		}
		if _, ok := DeckDilemma(d.Ref); !ok {
			t.Errorf("DeckDilemma(%q) finds nothing", d.Ref)
		}
	}
	for _, theme := range DilemmaThemes {
		if themes[theme] < 3 {
			t.Errorf("theme %s has %d dilemmas", theme, themes[theme])
		}
	}
	for _, a := range DilemmaAudiences {
		if audiences[a] == 0 {
			t.Errorf("no dilemma for %s", a)
		}
	}
}

func TestDilemmaCodeAndAudience(t *testing.T) {
	for typed, want := range map[string]string{"ab3-k7q": "AB3K7Q", " AB3 K7Q ": "AB3K7Q", "ab3k7q!": "AB3K7Q", "": ""} {
		if got := NormalizeDilemmaCode(typed); got != want {
			t.Errorf("NormalizeDilemmaCode(%q) = %q, want %q", typed, got, want)
		}
	}
	officials := Dilemma{Audience: DilemmaOfficials}
	for _, tc := range []struct {
		session DilemmaAudience
		want    bool
	}{{DilemmaOfficials, true}, {DilemmaOfficeHolders, false}, {DilemmaBoth, true}} {
		if got := officials.ForAudience(tc.session); got != tc.want {
			t.Errorf("an officials' dilemma in a session for %s: %v", tc.session, got)
		}
	}
	if id, ok := OwnDilemmaID(OwnDilemmaRef(12)); !ok || id != 12 {
		t.Errorf("own ref round trip: %d %v", id, ok)
	}
	if _, ok := OwnDilemmaID("D01"); ok {
		t.Error("a deck code read as an own dilemma")
	}
}
