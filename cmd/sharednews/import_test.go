package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/search"
	"github.com/sharednews/sharednews/store"
)

// realDigests are the newsletters Shared News replaces (shared test data).
const realDigests = "../../../shared/testdata/digests"

func importCLI(t *testing.T, cfg string, files ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = cmdImport(context.Background(), cfg, files, env{
		stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" },
	})
	return out.String(), errOut.String(), err
}

func openImported(t *testing.T, db string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// realDigestImports is what importing every real digest in one run into an
// empty database prints for each file: the editions in the order of the
// file, numbered oldest first across the run, with the stories and
// sections a reader counts in each.
var realDigestImports = map[string][]string{
	"2014-05-newsletter.txt": {
		"imported edition 3 (Friday 30 May 2014): 3 stories in 1 section",
		"imported edition 2 (Wednesday 21 May 2014): 3 stories in 2 sections",
		"imported edition 1 (Thursday 15 May 2014): 5 stories in 5 sections",
	},
	"2014-07-10-newsletter.txt": {
		"imported edition 4 (Thursday 10 July 2014): 5 stories in 3 sections",
	},
	"2014-11-20-newsletter.txt": {
		"imported edition 5 (Thursday 20 November 2014): 8 stories in 3 sections",
	},
}

func realDigestFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(realDigests, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no real digests in %s", realDigests)
	}
	return files
}

func TestImportRealDigestsThenAgain(t *testing.T) {
	cfg, db := writeConfig(t, "")
	files := realDigestFiles(t)
	out, stderr, err := importCLI(t, cfg, files...)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	var want []string
	editions, stories := 0, 0
	for _, f := range files {
		lines, ok := realDigestImports[filepath.Base(f)]
		if !ok {
			t.Fatalf("%s: no expected import; read the file and add it to realDigestImports", f)
		}
		for _, l := range lines {
			want = append(want, f+": "+l)
			editions++
			if m := storiesIn.FindStringSubmatch(l); m != nil {
				n, _ := strconv.Atoi(m[1])
				stories += n
			}
		}
	}
	if editions != 5 || stories != 24 {
		t.Fatalf("table holds %d editions, %d stories", editions, stories)
	}
	want = append(want, "total: 5 editions imported (24 stories), 0 already imported, 0 of 3 files failed")
	if got := strings.Split(strings.TrimSpace(out), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("output\n%s\nwant\n%s", out, strings.Join(want, "\n"))
	}
	wantWarning := "2014-07-10-newsletter.txt:28: warning: section heading \"Blue lights service\" is not a configured sector; read as the closest one, Blue Light Services (blue-light)\n"
	if !strings.Contains(stderr, wantWarning) || strings.Count(stderr, "warning:") != 1 {
		t.Errorf("stderr %q, want the one warning %q", stderr, wantWarning)
	}

	out, stderr, err = importCLI(t, cfg, files...)
	if err != nil || stderr != "" {
		t.Fatalf("second import: %v\n%s", err, stderr)
	}
	for _, w := range []string{
		"2014-05-newsletter.txt: already imported as edition 3 (Friday 30 May 2014)\n",
		"2014-11-20-newsletter.txt: already imported as edition 5 (Thursday 20 November 2014)\n",
		"total: 0 editions imported (0 stories), 5 already imported, 0 of 3 files failed\n",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("second import lacks %q:\n%s", w, out)
		}
	}
	st := openImported(t, db)
	counts, err := st.SectorCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	if total != 24 || counts["local-government"] != 11 || counts["health"] != 5 || counts["blue-light"] != 2 {
		t.Errorf("stored stories per sector after two imports: %v", counts)
	}
}

// storiesIn reads the story count of an expected output line.
var storiesIn = regexp.MustCompile(`: (\d+) stor`)

func TestImportedEditionsReadWell(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	if _, stderr, err := importCLI(t, cfg, realDigestFiles(t)...); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	text, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "4")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Thursday 10 July 2014\n\nNews Summary of Collaboration and Shared Services from 9th July 2014\n\nEdition 4\n\n************\nLocal Government\n\nFortunately I didn’t bet on Brazil",
		"************\nBlue Light Services\n\nI was teaching a collaborative leadership day",
		"Me? I would invest in the Fire Service, not cut its funding.\n\nFire deaths fall by 5% in past year\nThe number of fire deaths in England has fallen by 5% in the past year, according to official figures released by the Office for National Statistics.\n",
		"************\nHealth & Social Care\n\nTo complement that theme",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("preview --edition 4 lacks %q", want)
		}
	}
	for format, out := range map[string]string{"text": text} {
		if strings.Contains(out, "urn:") || strings.Contains(out, "Read more") {
			t.Errorf("%s links an archive key:\n%s", format, out)
		}
	}
	for _, format := range []string{"markdown", "html"} {
		out, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "5", "--format", format)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "urn:") || !strings.Contains(out, "East Renfrewshire uses Huddle") {
			t.Errorf("preview --format %s of edition 5:\n%s", format, out)
		}
	}

	script := "/shared edition 1\n/shared edition\n/shared search Huddle\n/shared news blue-light\n"
	out, _, err := runCLI(t, script, "--config", cfg, "console")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Thursday 15 May 2014\n\nNews Summary of Collaboration and Shared Services from 14th May 2014\n\nEdition 1",
		// Sections in the configured sector order, not the file's.
		"************\nLocal Government\n\nThe LGA review of Forest Heath",
		"************\nPrivate Sector Collaborations\n\nOne of the most quoted stats",
		"It evidences that the collaboration skills we teach in the public sector are just as applicable in the private sector too.\n\nWhen firms get together: The secret of success\n",
		"Thursday 20 November 2014\n\nNews Summary of Collaboration and Shared Services from 19th November 2014\n\nEdition 5",
		"Search: Huddle\n",
		"East Renfrewshire uses Huddle to connect with neighbouring councils",
		"Latest in Blue Light Services\n",
		"Fire deaths fall by 5% in past year",
		"ACC appointed to lead joint organised crime directorate",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console lacks %q", want)
		}
	}
	if strings.Contains(out, "Read more >>> urn:") {
		t.Error("an edition links an archive key")
	}
	if t.Failed() {
		t.Logf("console:\n%s", out)
	}
}

func TestImportBadFileStoresNothingFromIt(t *testing.T) {
	cfg, db := writeConfig(t, "")
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	bad := filepath.Join(dir, "bad.txt")
	clash := filepath.Join(dir, "clash.txt")
	write := func(path string, lines ...string) {
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(good, "Thursday 20 November 2014", "News Summary from 19th November 2014", "",
		"Health", "", "Trusts merge", "Two trusts become one. Read more >>>")
	// A good edition, then one whose story lost its headline.
	write(bad, "Thursday 13 November 2014", "News Summary from 12th November 2014", "",
		"************", "Housing", "Landlords share repairs", "Three landlords share a team. Read more >>>", "",
		"Thursday 6 November 2014", "News Summary from 5th November 2014", "",
		"************", "Housing", "Three landlords share a team. Read more >>>")
	// Parses, but its story has the key of good.txt's under another title.
	write(clash, "Thursday 20 November 2014", "A corrected title", "",
		"************", "Health", "Trusts merge", "Two trusts become one. Read more >>>")
	missing := filepath.Join(dir, "missing.txt")

	out, stderr, err := importCLI(t, cfg, bad, good, missing, clash)
	if err == nil || err.Error() != "import: 3 of 4 files failed: "+strings.Join([]string{bad, missing, clash}, ", ") {
		t.Errorf("error %v", err)
	}
	for _, want := range []string{
		bad + `:14: story has an empty headline: the line above its summary "Three landlords share a team." is the section heading "Housing"` + "\n  nothing from " + bad + " was imported\n",
		missing + ": cannot open: no such file or directory\n  nothing from " + missing + " was imported\n",
		clash + `:1: import edition of Thursday 20 November 2014: story "Trusts merge": story already stored as #1` + "\n  nothing from " + clash + " was imported\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	wantOut := good + ": imported edition 1 (Thursday 20 November 2014): 1 story in 1 section\n" +
		"total: 1 edition imported (1 story), 0 already imported, 3 of 4 files failed\n"
	if out != wantOut {
		t.Errorf("stdout\n%s\nwant\n%s", out, wantOut)
	}
	st := openImported(t, db)
	if _, err := st.Edition(context.Background(), 2); err == nil {
		t.Error("an edition of a failed file was stored")
	}
	if res, err := search.New(st).Search(context.Background(), "landlords", 5); err != nil || len(res.Hits) != 0 {
		t.Errorf("a story of bad.txt was stored: %v, %v", res.Hits, err)
	}
}

func TestImportUsage(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	for _, args := range [][]string{nil, {"--dry-run", "x.txt"}} {
		var u usageError
		if _, _, err := importCLI(t, cfg, args...); !errors.As(err, &u) {
			t.Errorf("import %q: %v, want a usage error", args, err)
		}
	}
}
