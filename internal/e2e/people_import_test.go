package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestPeopleImport: HR uploads the HR system's export with one bad row in
// Chromium, reads which row and column is wrong, finds nothing imported,
// corrects the file and imports it.
func TestPeopleImport(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	axe := string(src)
	srv := newServer(t)
	srv.newUser(t, "petra", domain.RoleHR)
	p := newPage(t, srv)

	p.expect(p.open("login"), 200, "login", "")
	p.expect(p.login("petra"), 200, "enrol", "")
	code, err := auth.TOTPCode(p.text("code.secret"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p.fill("code", code)
	p.expect(p.submit(), 200, "enrol", "")

	dir := t.TempDir()
	write := func(name, content string) string {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return file
	}
	positions := write("positions.csv", "ref,title,department,designated_publication,designated_financial,political\n"+
		"F-INK,Inkoper,Inkoop,ja,ja,\nP-RL,Raadslid,Gemeenteraad,ja,nee,Raadslid\n")
	// Row 3 has a hired person with an oath, which hired staff do not take.
	const header = "ref,name,employment,position_ref,department,start_on,vog_on,oath_on,oath_kind,declaration_on\n"
	good := "100003,Eva Jansen,Vast,F-INK,Inkoop,2026-01-05,2025-12-20,2026-01-19,eed,2026-01-02\n"
	bad := "X-0001,Rob Bos,Inhuur,,Inkoop,2026-02-01,2026-01-25,2026-02-10,eed,2026-01-30\n"
	fixed := "X-0001,Rob Bos,Inhuur,,Inkoop,2026-02-01,2026-01-25,,,2026-01-30\n"
	last := "R-01,Kees Aydin,Politiek ambtsdrager,P-RL,Gemeenteraad,2026-03-31,,,,\n"
	people := write("export-hr.csv", header+good+bad+last)

	p.expect(p.open("people/import"), 200, "people/import", "Personeel importeren")
	p.checkAccessibility("import form", axe)
	attachFiles(p, "#f-people", people)
	attachFiles(p, "#f-positions", positions)
	p.expect(pressEnter(p, "main form button[type=submit]"), 400, "people/import", "Personeel importeren")
	if a := p.alert(); !strings.Contains(a, "Er is niets ingelezen") {
		t.Errorf("alert %q", a)
	}
	row := eval[string](p, `document.querySelector('#import-problems tbody tr').innerText`)
	for _, want := range []string{"people.csv", "3", "oath_on", "Inhuurkrachten en stagiairs zijn geen ambtenaar"} {
		if !strings.Contains(row, want) {
			t.Errorf("the problem %q does not name %q", row, want)
		}
	}
	p.checkAccessibility("import refused", axe)
	p.screenshot("people-import-refused")
	ctx := context.Background()
	if list, _ := srv.app.Store.People(ctx, srv.org.ID, store.PeopleFilter{}); len(list) != 0 {
		t.Fatalf("the refused import stored %d people", len(list))
	}
	if list, _ := srv.app.Store.Positions(ctx, srv.org.ID); len(list) != 0 {
		t.Fatalf("the refused import stored %d positions", len(list))
	}

	// Corrected, the same files import.
	people = write("export-hr.csv", header+good+fixed+last)
	attachFiles(p, "#f-people", people)
	attachFiles(p, "#f-positions", positions)
	p.expect(pressEnter(p, "main form button[type=submit]"), 200, "people/import", "Personeel importeren")
	if n := p.text("[role=status]"); !strings.Contains(n, "Import geslaagd: 3 nieuw, 0 bijgewerkt.") {
		t.Errorf("notice %q", n)
	}
	list, _ := srv.app.Store.People(ctx, srv.org.ID, store.PeopleFilter{})
	if len(list) != 3 {
		t.Fatalf("%d people after the import", len(list))
	}

	// The list shows them; Eva lacks her confidentiality statement and
	// training, Rob (hired) owes no oath.
	p.expect(p.open("people"), 200, "people", "Personeel en indiensttreding")
	p.checkAccessibility("people list", axe)
	var eva *domain.Person
	for _, person := range list {
		if person.Name == "Eva Jansen" {
			eva = person
		}
	}
	p.expect(pressEnter(p, `main tbody a`), 200, fmt.Sprintf("people/%d", eva.ID), "Eva Jansen")
	if body := eval[string](p, `document.querySelector('main').innerText`); !strings.Contains(body, "Stand van de indiensttreding") {
		t.Errorf("person page:\n%s", body)
	}
	p.checkAccessibility("person page", axe)
	p.screenshot("people-person")
	p.expect(p.open("compliance"), 200, "compliance", "Naleving bij indiensttreding")
	p.checkAccessibility("compliance", axe)
	p.screenshot("people-compliance")
}
