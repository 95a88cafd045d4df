package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestImportJoinsAnEditionSavedInTwoFiles imports real editions saved in
// two files, cut at a row of asterisks, the second file with neither date
// line nor title, named by the date as editors name their saves
// ("2014-07-10-newsletter-2.txt"). Before, the second file was imported as
// an edition of its own, of the same date, under a title the import made
// up, its stories taken from the edition they belong to. Now one edition
// is imported, the same as from the whole file, and a warning at the
// second file's first line says it was read as the rest of the first. The
// same holds when the second file is imported in a later run: it was a
// second edition of the same date and title.
func TestImportJoinsAnEditionSavedInTwoFiles(t *testing.T) {
	for _, name := range []string{"2014-07-10-newsletter.txt", "2014-11-20-newsletter.txt"} {
		for how, cutAt := range splitCuts {
			t.Run(name+" "+how, func(t *testing.T) { checkSplitImport(t, name, cutAt, false) })
			t.Run(name+" "+how+", the rest in a later run", func(t *testing.T) { checkSplitImport(t, name, cutAt, true) })
		}
	}
}

// splitCuts are where checkSplitImport's first file ends: at the last
// row of asterisks, or at the blank line over the last story's headline,
// in the middle of a section, the text above the headline its
// commentary.
var splitCuts = map[string]func(text string) int{
	"at a row": func(text string) int { return strings.LastIndex(text, "\n************\n") + 1 },
	"above a headline": func(text string) int {
		summary := strings.LastIndex(text[:strings.LastIndex(text, "Read more >>>")], "\n\n")
		return strings.LastIndex(text[:summary], "\n\n") + 2
	},
}

// checkSplitImport imports the real edition name saved in two files, cut
// where cutAt says, in one run or (later) the second file in a run after
// the first's. An editor expects the one edition the whole file imports,
// whatever the runs: before, a rest imported in a later run became a
// second edition of the same date and title. Importing the whole file, or
// either part, again changes nothing.
func checkSplitImport(t *testing.T, name string, cutAt func(string) int, later bool) {
	data, err := os.ReadFile(filepath.Join(realDigests, name))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	cut := cutAt(text)
	if cut <= 1 {
		t.Fatalf("%s: nowhere to cut", name)
	}
	dir := t.TempDir()
	whole := filepath.Join(dir, name)
	first := filepath.Join(dir, strings.TrimSuffix(name, ".txt")+"-1.txt")
	second := filepath.Join(dir, strings.TrimSuffix(name, ".txt")+"-2.txt")
	for path, s := range map[string]string{whole: text, first: text[:cut], second: text[cut:]} {
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	wholeCfg, wholeDB := writeConfig(t, "")
	_, _, want := importedText(t, wholeCfg, whole)

	cfg, db := writeConfig(t, "")
	if later {
		out, stderr, err := importCLI(t, cfg, first)
		if err != nil {
			t.Fatalf("import %s: %v\n%s%s", first, err, out, stderr)
		}
		// A dry run says so first, and writes nothing.
		out, stderr, err = importCLI(t, cfg, "--dry-run", second)
		if err != nil || !strings.Contains(out, second+":1: would be added to edition 1 (") {
			t.Errorf("import --dry-run %s: %v, want it to say the rest would be added to edition 1:\n%s%s", second, err, out, stderr)
		}
		out, stderr, err = importCLI(t, cfg, second)
		if err != nil {
			t.Fatalf("import %s: %v\n%s%s", second, err, out, stderr)
		}
		if !strings.Contains(out, second+":1: added to edition 1 (") || strings.Contains(out, "imported edition") ||
			!regexp.MustCompile(`total: 0 editions imported \(\d+ stor(y|ies), \d+ of them the rest of 1 edition imported before\)`).MatchString(out) {
			t.Errorf("the rest was not added to edition 1:\n%s", out)
		}
		if w := second + ":1: warning: "; !strings.Contains(stderr, w) || !strings.Contains(stderr, "read as that edition's rest") {
			t.Errorf("no warning at %s:1 that it was read as edition 1's rest:\n%s", second, stderr)
		}
	} else {
		out, stderr, err := importCLI(t, cfg, first, second)
		if err != nil {
			t.Fatalf("import: %v\n%s%s", err, out, stderr)
		}
		if n := len(regexp.MustCompile(`(?m): imported edition \d+ `).FindAllString(out, -1)); n != 1 {
			t.Errorf("%d editions imported, want 1:\n%s", n, out)
		}
		if w := second + ":1: warning: "; !strings.Contains(stderr, w) || !strings.Contains(stderr, "the rest of the edition at "+first+":1") {
			t.Errorf("no warning at %s:1 that it was read as the rest of %s:1:\n%s", second, first, stderr)
		}
	}
	got, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "1", "--format", "text")
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	if got != want {
		t.Errorf("the edition imported from two files reads\n%s\nwant, as from the whole file,\n%s", got, want)
	}
	if _, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "2", "--format", "text"); err == nil {
		t.Errorf("an edition 2 was imported")
	}
	// Each story as stored: the editor's text above and under it
	// in the same place as from the whole file.
	gotStories, wantStories := storedStories(t, db), storedStories(t, wholeDB)
	if gotStories != wantStories {
		t.Errorf("stored stories\n%s\nwant, as from the whole file,\n%s", gotStories, wantStories)
	}
	for _, again := range [][]string{{whole}, {second}, {first, second}} {
		out, stderr, err := importCLI(t, cfg, again...)
		if err != nil || !strings.Contains(out, "total: 0 editions imported (0 stories)") {
			t.Errorf("import %v again: %v\n%s%s", again, err, out, stderr)
		}
		if after, _, _ := runCLI(t, "", "--config", cfg, "preview", "--edition", "1", "--format", "text"); after != want {
			t.Errorf("import %v again changed the edition:\n%s", again, after)
		}
		if _, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "2", "--format", "text"); err == nil {
			t.Errorf("import %v again: an edition 2 was imported", again)
		}
	}
}

// storedStories is each story of edition 1 in database db: its sector,
// headline, commentary and afterword.
func storedStories(t *testing.T, db string) string {
	t.Helper()
	rec, err := openImported(t, db).Edition(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, st := range rec.Stories {
		fmt.Fprintf(&b, "[%s] %q commentary %q afterword %q\n", st.Sector, st.Headline, st.Commentary, st.Afterword)
	}
	return b.String()
}

// TestImportKeepsASecondCopyApart imports an edition and, after it, a
// file named by its date holding its last stories again with neither date
// line nor title (a second copy of part of it, not its rest): it shares
// stories with the edition, so it is not joined to it, and the edition
// imported is the same as from its file alone.
func TestImportKeepsASecondCopyApart(t *testing.T) {
	name := "2014-07-10-newsletter.txt"
	data, err := os.ReadFile(filepath.Join(realDigests, name))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	cut := strings.LastIndex(text, "\n************\n") + 1
	if cut <= 1 {
		t.Fatalf("%s: no row of asterisks", name)
	}
	dir := t.TempDir()
	whole := filepath.Join(dir, name)
	copied := filepath.Join(dir, strings.TrimSuffix(name, ".txt")+"-2.txt")
	for path, s := range map[string]string{whole: text, copied: text[cut:]} {
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	aloneCfg, _ := writeConfig(t, "")
	_, _, want := importedText(t, aloneCfg, whole)

	cfg, _ := writeConfig(t, "")
	out, stderr, err := importCLI(t, cfg, whole, copied)
	if err != nil {
		t.Fatalf("import: %v\n%s%s", err, out, stderr)
	}
	if strings.Contains(stderr, "the rest of the edition at") {
		t.Errorf("a second copy was joined to the edition it copies:\n%s", stderr)
	}
	got, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "1", "--format", "text")
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	if got != want {
		t.Errorf("the edition imported beside a copy of its stories reads\n%s\nwant, as from its file alone,\n%s", got, want)
	}
}
