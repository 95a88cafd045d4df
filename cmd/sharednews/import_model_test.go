package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store"
)

// pastEdition is a newsletter file of one edition on date, of one section
// under heading with a story of each headline.
func pastEdition(date, heading string, headlines ...string) string {
	lines := []string{date, "", "News Summary of Collaboration and Shared Services", "", "************", heading, ""}
	for i, h := range headlines {
		lines = append(lines, h, "", "What was agreed, and when. Read more >>> https://news.example/"+date[len(date)-4:]+"/"+strings.Fields(h)[0]+string(rune('a'+i)), "")
	}
	return strings.Join(append(lines, "Receive this Shared Service News Summary into your inbox every week.", ""), "\n")
}

// headingWarning is the warning an import prints of how it read heading.
func headingWarning(t *testing.T, stderr, heading string) string {
	t.Helper()
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, "section heading \""+heading+"\"") {
			_, w, _ := strings.Cut(l, ": warning: ")
			return w
		}
	}
	t.Fatalf("no warning about the heading %q in\n%s", heading, stderr)
	return ""
}

// TestImportDryRunFilesHeadingsAsTheImportDoes: a heading that names no
// sector is filed by the sector model, which an import learns from the
// stories editors approved before. The dry run used the configured
// keywords alone, so it could say "filed under Other" of a heading the
// import then filed under Housing. Over a database whose schema is
// current it now learns as the import does, and both say the same.
func TestImportDryRunFilesHeadingsAsTheImportDoes(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	dir := t.TempDir()
	// Past decisions: stories about wardens filed under Housing.
	earlier := filepath.Join(dir, "earlier.txt")
	if err := os.WriteFile(earlier, []byte(pastEdition("Thursday 8 January 2015", "Housing",
		"Wardens shared by two landlords", "Three landlords pool their wardens", "Wardens scheme for sheltered flats extended",
		"Wardens service goes county-wide", "Council wardens join the landlord partnership")), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := importCLI(t, cfg, earlier); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	const heading = "Wardens"
	file := filepath.Join(dir, "later.txt")
	if err := os.WriteFile(file, []byte(pastEdition("Thursday 15 January 2015", heading, "A new rota for the night shift")), 0o600); err != nil {
		t.Fatal(err)
	}
	_, dryErr, err := importCLI(t, cfg, "--dry-run", file)
	if err != nil {
		t.Fatalf("%v\n%s", err, dryErr)
	}
	_, runErr, err := importCLI(t, cfg, file)
	if err != nil {
		t.Fatalf("%v\n%s", err, runErr)
	}
	dry, run := headingWarning(t, dryErr, heading), headingWarning(t, runErr, heading)
	if want := "the sector model reads it as Housing (housing)"; !strings.Contains(run, want) {
		t.Fatalf("the import read the heading: %s; want %q (the test's past decisions no longer teach the model)", run, want)
	}
	if dry != run {
		t.Errorf("the dry run read the heading: %s\nthe import read it:      %s", dry, run)
	}
}

// TestImportDryRunOfAnOlderSchemaSaysItsModelIsTheKeywords: a dry run
// must not write, so over a database whose schema this release would
// migrate first it cannot learn from the past decisions as the import
// will, and its output says that its sectors are the keywords' alone.
// Over a current schema it says nothing of the kind.
func TestImportDryRunOfAnOlderSchemaSaysItsModelIsTheKeywords(t *testing.T) {
	cfg, db := writeConfig(t, "")
	file := filepath.Join(t.TempDir(), "edition.txt")
	if err := os.WriteFile(file, []byte(pastEdition("Thursday 15 January 2015", "Housing", "Landlords share a repairs team")), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := runCLI(t, "", "--config", cfg, "migrate"); err != nil {
		t.Fatalf("migrate: %v\n%s", err, stderr)
	}
	const note = "the sector model learns from past decisions only once the import has migrated the database"
	out, stderr, err := importCLI(t, cfg, "--dry-run", file)
	if err != nil || strings.Contains(out, note) {
		t.Fatalf("dry run over a current schema (%v):\n%s\n%s", err, out, stderr)
	}
	latest := store.LatestSchemaVersion()
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(fmt.Sprintf("PRAGMA user_version = %d", latest-1)); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	out, stderr, err = importCLI(t, cfg, "--dry-run", file)
	if err != nil || !strings.Contains(out, note) {
		t.Errorf("dry run over schema version %d (%v): no %q in\n%s\n%s", latest-1, err, note, out, stderr)
	}
	if v := schemaVersion(t, db); v != latest-1 {
		t.Errorf("the dry run left schema version %d, want %d: it wrote", v, latest-1)
	}
}

// TestImportDryRunWarnsOfSectorsNoLongerConfigured: past decisions that
// name a sector since removed from the configuration are not used for
// suggestions, and the dry run says so as the import does.
func TestImportDryRunWarnsOfSectorsNoLongerConfigured(t *testing.T) {
	cfg, db := writeConfig(t, "")
	dir := t.TempDir()
	earlier := filepath.Join(dir, "earlier.txt")
	if err := os.WriteFile(earlier, []byte(pastEdition("Thursday 8 January 2015", "Housing", "Landlords share a repairs team")), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := importCLI(t, cfg, earlier); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	// The same database, configured without Housing.
	fewer := filepath.Join(dir, "fewer.toml")
	body := "[bot]\ndatabase = " + quote(db) + "\n[feeds]\nsource = []\n" +
		"[[sectors]]\nslug = \"local-government\"\nname = \"Local Government\"\n" +
		"[[sectors]]\nslug = \"other\"\nname = \"Other collaborative items\"\n"
	if err := os.WriteFile(fewer, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "later.txt")
	if err := os.WriteFile(file, []byte(pastEdition("Thursday 15 January 2015", "Local Government", "Two districts share a chief executive")), 0o600); err != nil {
		t.Fatal(err)
	}
	const warning = "some past decisions name sectors no longer configured"
	for _, args := range [][]string{{"--dry-run", file}, {file}} {
		if _, stderr, err := importCLI(t, fewer, args...); err != nil || !strings.Contains(stderr, warning) {
			t.Errorf("import %s (%v): no %q in\n%s", strings.Join(args, " "), err, warning, stderr)
		}
	}
}
