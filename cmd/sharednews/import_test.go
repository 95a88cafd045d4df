package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/archive/archivetest"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/search"
	"github.com/sharednews/sharednews/store"
)

// realDigests are the newsletters Shared News replaces (shared test data).
const realDigests = "../../../shared/testdata/digests"

func importCLI(t *testing.T, cfg string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = cmdImport(context.Background(), cfg, args, env{
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

// realDigestImports is what importing every real digest in one run into an
// empty database prints for each file: the editions in the order of the
// file, numbered by date across the run, with the stories and sections a
// reader counts in each.
var realDigestImports = map[string][]string{
	"2014-05-newsletter.txt": {
		":1: imported edition 3 (Friday 30 May 2014): 3 stories in 1 section",
		":32: imported edition 2 (Wednesday 21 May 2014): 3 stories in 2 sections",
		":85: imported edition 1 (Thursday 15 May 2014): 5 stories in 5 sections",
	},
	"2014-07-10-newsletter.txt": {
		":1: imported edition 4 (Thursday 10 July 2014): 5 stories in 3 sections",
	},
	"2014-11-20-newsletter.txt": {
		":1: imported edition 5 (Thursday 20 November 2014): 8 stories in 3 sections",
	},
}

// storiesIn reads the story count of an expected output line.
var storiesIn = regexp.MustCompile(`: (\d+) stor`)

func TestImportRealDigestsThenAgain(t *testing.T) {
	cfg, db := writeConfig(t, "")
	files := realDigestFiles(t)
	// The newest file first: numbers follow dates whatever the order.
	slices.Reverse(files)
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
			want = append(want, f+l)
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
	want = append(want, "total: 5 editions imported (24 stories), 0 already imported, 1 with warnings, 0 refused")
	if got := strings.Split(strings.TrimSpace(out), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("output\n%s\nwant\n%s", out, strings.Join(want, "\n"))
	}
	// Stored oldest first, newest file first or not, and the newest
	// edition of a file first: a search ranks the newest stored.
	st := openImported(t, db)
	var last time.Time
	for id := int64(1); id <= 24; id++ {
		story, err := st.Story(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if story.DecidedAt.Before(last) {
			t.Errorf("story #%d of %s stored after one of %s", id, story.DecidedAt.Format(time.DateOnly), last.Format(time.DateOnly))
		}
		last = story.DecidedAt
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
		"2014-05-newsletter.txt:1: already imported as edition 3 (Friday 30 May 2014)\n",
		"2014-11-20-newsletter.txt:1: already imported as edition 5 (Thursday 20 November 2014)\n",
		"total: 0 editions imported (0 stories), 5 already imported, 0 with warnings, 0 refused\n",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("second import lacks %q:\n%s", w, out)
		}
	}
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

// TestRoundTripThroughImportAndPreview is the back catalogue's acceptance
// test: every edition of the real digests, and of the irregular editions
// below, imported with `sharednews import`, comes back from `preview
// --edition N --format text` as it was written, line by line. It prints the
// share reproduced exactly:
//
//	go test ./cmd/sharednews -run RoundTripThroughImportAndPreview -v
func TestRoundTripThroughImportAndPreview(t *testing.T) {
	dir := t.TempDir()
	files := realDigestFiles(t)
	for name, text := range irregularEditions {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	real, all, editions := importAndPreview(t, files)
	t.Logf("real digests: %s", real)
	t.Logf("all %d editions: %s", editions, all)
	if real.Share() != 1 || all.Share() != 1 {
		t.Errorf("reproduced %.1f%% of the real digests and %.1f%% of all, want 100%%", 100*real.Share(), 100*all.Share())
	}
}

// importAndPreview imports files into a new database, renders each
// edition with `preview --edition N --format text` and compares it with
// the edition's original text: the results for the real digests and for
// all files, and the number of editions.
func importAndPreview(t *testing.T, files []string) (real, all archivetest.Result, editions int) {
	t.Helper()
	cfg, _ := writeConfig(t, "")
	real, all, editions, _ = importAndPreviewWith(t, cfg, files, nil)
	return real, all, editions
}

// importAndPreviewWith is importAndPreview with the config cfg; written
// holds, by path, the text a file's editions must come back as when it
// is not the file's own (lines a mail program broke come back as the
// editor wrote them, whole). It also returns the number each edition was
// imported as, by file, in the order of the file.
func importAndPreviewWith(t *testing.T, cfg string, files []string, written map[string][]byte) (real, all archivetest.Result, editions int, numbers map[string][]int) {
	t.Helper()
	numbers = map[string][]int{}
	out, stderr, err := importCLI(t, cfg, files...)
	if err != nil {
		t.Fatalf("import: %v\n%s\n%s", err, out, stderr)
	}
	imported := regexp.MustCompile(`(?m)^(.+):(\d+): imported edition (\d+) `).FindAllStringSubmatch(out, -1)

	parser := parserOf(t, cfg)
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		pf, err := parser.ParseFile(path, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		asWritten := pf
		if w, ok := written[path]; ok {
			data = w
			if asWritten, err = parser.ParseFile(path, bytes.NewReader(data)); err != nil {
				t.Fatal(err)
			}
			if len(asWritten.Editions) != len(pf.Editions) {
				t.Errorf("%s: %d editions, written as %d", path, len(pf.Editions), len(asWritten.Editions))
				continue
			}
		}
		lines, err := archive.TextLines(path, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for i, original := range archivetest.Editions(lines, asWritten) {
			e := pf.Editions[i]
			number := ""
			for _, m := range imported {
				if m[1] == path && m[2] == strconv.Itoa(e.Line) {
					number = m[3]
				}
			}
			if number == "" {
				t.Errorf("%s:%d was not imported:\n%s", path, e.Line, out)
				continue
			}
			n, _ := strconv.Atoi(number)
			numbers[path] = append(numbers[path], n)
			text, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", number, "--format", "text")
			if err != nil {
				t.Fatal(err)
			}
			r := archivetest.Compare(original, asWritten.Editions[i], text)
			name := filepath.Base(path) + " " + digest.DateLine(e.Date)
			t.Logf("%s (edition %s): %s", name, number, r)
			for _, m := range r.Missing {
				t.Errorf("%s: not reproduced: %s", name, m)
			}
			if strings.Contains(text, "urn:") {
				t.Errorf("%s: the rendering shows an archive key", name)
			}
			if strings.HasPrefix(path, realDigests) {
				real.Add(r)
			}
			all.Add(r)
			editions++
		}
	}
	return real, all, editions, numbers
}

// TestRoundTripOfVariantsThroughImportAndPreview imports the real digests
// written as other back catalogues write them (see package archive's
// variant tests): Windows-1252 with CRLF, UTF-16, numbered, bold and
// underlined headings, date lines in figures and without a weekday, two
// links to a story. `preview --edition N --format text` must give back
// every line of each.
func TestRoundTripOfVariantsThroughImportAndPreview(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]string{} // by encoding: each into a database of its own
	for _, path := range realDigestFiles(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(string(data), "™", "(TM)")
		lines := strings.Split(text, "\n")
		for i, l := range lines {
			l = strings.TrimSpace(l)
			switch {
			case l == "Local Government":
				lines[i] = "1. Local Government"
			case l == "Health" || l == "Further/Higher Education":
				lines[i] = "**" + l + "**"
			case l == "Collaborative Leadership" || l == "Highway Code":
				lines[i] = l + "\n" + strings.Repeat("=", len(l))
			case strings.HasSuffix(l, "Read more >>>") && i%2 == 0:
				lines[i] = l + fmt.Sprintf(" https://example.org/a/%d <https://example.org/b/%d>", i, i)
			case strings.HasPrefix(l, "Thursday "):
				if d, err := time.Parse("Monday 2 January 2006", l); err == nil {
					lines[i] = d.Format("02/01/2006")
				}
			case strings.HasPrefix(l, "Friday ") || strings.HasPrefix(l, "Wednesday "):
				if d, err := time.Parse("Monday 2 January 2006", l); err == nil {
					lines[i] = d.Format("January 2, 2006")
				}
			}
		}
		text = strings.Join(lines, "\n")
		latin, err := charmap.Windows1252.NewEncoder().Bytes([]byte(strings.ReplaceAll(text, "\n", "\r\n")))
		if err != nil {
			t.Fatal(err)
		}
		utf16, err := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		for suffix, b := range map[string][]byte{"-cp1252.txt": latin, "-utf16.txt": utf16} {
			name := filepath.Join(dir, strings.TrimSuffix(filepath.Base(path), ".txt")+suffix)
			if err := os.WriteFile(name, b, 0o600); err != nil {
				t.Fatal(err)
			}
			files[suffix] = append(files[suffix], name)
		}
	}
	var all archivetest.Result
	editions := 0
	for _, f := range files {
		_, r, n := importAndPreview(t, f)
		all.Add(r)
		editions += n
	}
	t.Logf("%d editions: %s", editions, all)
	if all.Share() != 1 || editions != 10 {
		t.Errorf("%d editions, reproduced %.1f%%, want 10 and 100%%", editions, 100*all.Share())
	}
}

// irregularEditions are editions written the ways a newsletter drifts
// over the years, beyond the three real files: a lead story, unruled and
// ruled sections, a date line in another style, headings that only
// resemble a sector, CRLF, a BOM,
// no-break spaces, multi-line summaries, a missing "Read more", text after
// stories, a jobs section, links, blog debris, and several editions in one
// file.
var irregularEditions = map[string]string{
	"2015-01-newsletter.txt": "\uFEFF" + strings.ReplaceAll(strings.Join([]string{
		"Thursday 15 January 2015", "", "News Summary of Collaboration and Shared Services from 14th January 2015", "", "",
		"Happy new year,\u00a0everyone.", "", "The big story this week:", "",
		"Two counties agree to merge their fire services", "",
		"Two fire authorities have agreed to merge, the first such merger in a decade. Read more >>>", "",
		"More on this next week.", "",
		"************", "Blue Light Transformation", "",
		"Police and fire are moving in together.", "",
		"Shared headquarters for police and fire", "Police and fire services will share a headquarters",
		"in the town centre from April. Read more >>>", "",
		"************", "Social care", "",
		"Councils and the NHS pool budgets", "", "A pooled budget will pay for home care. Read more >>>", "",
		"It is about time.", "", "Watch this space\u2026", "",
		"************", "Jobs", "",
		"Head of Shared Services (£85,000) – apply by 30 January.", "Shared ICT Manager (£60,000).", "",
		"\u00a0", "",
		"Receive this Shared Service News Summary into your inbox every week. Just register on our website.\u00a0\u00a0", "", "",
		"No comments:", "", "Post a Comment", "",
		"Thursday, 8th January 2015", "", "News Summary of Collaboration and Shared Services from 7th January 2015", "",
		"Local Government", "", "Two districts share a chief executive", "", "A shared chief executive starts in March. Read more >>>", "",
		"************", "Highway Code", "",
		"Councils share a data centre", "", "Three councils move their servers to one data centre. Read more >>> https://www.example.org/news/data-centre?utm_source=feed", "",
		"Receive this Shared Service News Summary into your inbox every week. Just register on our website.",
	}, "\n"), "\n", "\r\n"),
	// Editions of text alone: a week off after a separator line, and a
	// file of one such edition with a sign-off.
	"2016-06-newsletter.txt": strings.Join([]string{
		"Thursday 26 May 2016", "", "News Summary of Collaboration and Shared Services from 25th May 2016", "",
		"Local Government", "", "Borough councils share a chief executive", "", "Two boroughs in the north west now share one chief executive. Read more >>>", "",
		"Receive this Shared Service News Summary into your inbox every week. Just register on our website.", "",
		"------------------------------------------------------------", "",
		"Thursday 2 June 2016", "", "News Summary of Collaboration and Shared Services from 1st June 2016", "",
		"There are no stories this week: the team is at the annual conference in Harrogate.", "",
		"Normal service resumes next Thursday.", "",
		"Receive this Shared Service News Summary into your inbox every week. Just register on our website.",
	}, "\n"),
	// Date lines that name the issue first, and an issue line under the
	// title, in another editor's hand: capitals and "Source:" lines.
	"2016-issues.txt": strings.Join([]string{
		"Issue 57 — 16 June 2016", "", "News Summary of Collaboration and Shared Services from 15th June 2016", "",
		"Welcome to issue 57.", "", "LOCAL GOVERNMENT", "",
		"Shire districts create a joint venture company", "", "Two shire districts have created a company for their shared services. Read more >>>",
		"Source: Local Government Chronicle", "", "Regards,", "", "John Doe", "Shared Services Editor", "",
		"Vol. 3, Issue 58 - Thursday 23 June 2016", "", "News Summary of Collaboration and Shared Services from 22nd June 2016", "",
		"Issue 58 — 23 June 2016", "", "Health", "", "Trusts share a pathology network", "", "Four trusts will run one pathology network. Read more >>>", "",
		"Receive this Shared Service News Summary into your inbox every week. Just register on our website.",
	}, "\n"),
	// Another council's bulletin: its own title, and date lines with
	// words around the date (a file of them was refused whole).
	"2016-bulletin.txt": strings.Join([]string{
		"Week ending 4 March 2016", "", "Shared Services Bulletin", "",
		"Welcome to this week's bulletin. Our partnership board meets on Thursday 10 March 2016.", "",
		"Health", "", "Trusts share a pathology network", "", "Four trusts will run one pathology network. Read more >>>", "",
		"You are receiving this because you subscribed to the bulletin.", "",
		"Published: Friday 11 March 2016", "", "Shared Services Bulletin", "",
		"Housing", "", "Landlords share a repairs team", "", "Three landlords will share one repairs team. Read more >>>", "",
		"You are receiving this because you subscribed to the bulletin.",
	}, "\n"),
	// A monthly partnership update dated by its month alone, then by a
	// day with a two-figure year.
	"2016-monthly.txt": strings.Join([]string{
		"March 2016", "", "Partnership Update", "", "Health", "", "Trusts share a pathology network", "", "Four trusts will run one network. Read more >>>", "",
		"7 Apr 16", "", "Partnership Update", "", "Housing", "", "Landlords share a repairs team", "", "Three landlords will share one team. Read more >>>",
	}, "\n"),
	// Headings marked as a wiki or Markdown marks them, one naming no
	// sector; stories bulleted.
	"2016-03-marked.txt": strings.Join([]string{
		"Thursday 10 March 2016", "", "News Summary of Collaboration and Shared Services from 9th March 2016", "", "A short edition this week.", "",
		"== Health ==", "", "• Hospital trusts merge back-office functions", "", "Two hospital trusts in Yorkshire will combine their finance teams. Read more >>>", "",
		"== Libraries and Leisure ==", "", "* Library services merge across three boroughs", "", "Three boroughs will run one library service. Read more >>>", "",
		"== Transport and Highways ==", "", "Counties share a highways contract", "", "Two counties have let one highways contract. Read more >>>", "",
		"Receive this Shared Service News Summary into your inbox every week. Just register on our website.",
	}, "\n"),
	// Saved from a mail as sent: quoted-printable, its long lines
	// broken with "=".
	"2016-04-07-mail.txt": strings.Join([]string{
		"Thursday 7 April 2016", "", "News Summary of Collaboration and Shared Services from 6th April 2016", "",
		"It=E2=80=99s been a busy week for shared services across the country, with se=", "veral new partnerships announced.", "",
		"Local Government", "", "District councils=E2=80=99 merger plan approved", "",
		"The government has approved the merger of two district councils in the sout=", "h west, saving =C2=A31.2m a year. Read more >>>", "",
		"Receive this Shared Service News Summary into your inbox every week. Just register on our website.",
	}, "\r\n"),
	// Mojibake: UTF-8 once read as Windows-1252, then saved as UTF-8.
	"2016-04-21-newsletter.txt": strings.Join([]string{
		"Thursday 21 April 2016", "", "News Summary of Collaboration and Shared Services from 20th April 2016", "",
		"Itâ€™s the councilsâ€™ turn this week â€“ three new deals, and a cafÃ© for the staff.", "",
		"Local Government", "", "Councilsâ€™ shared payroll saves Â£2m", "", "The â€œbiggestâ€™ shared payroll in the region went live this week. Read more >>>", "",
		"Receive this Shared Service News Summary into your inbox every week. Just register on our website.",
	}, "\n"),
	// Editions the file's name or a title must date: one saved without
	// its date line in a file named by its day, and one after another's
	// footer titled with its date. (A date line naming a day its month
	// lacks is shown as the day it was read as, as one with the wrong
	// weekday is, so it is not reproduced as written: see
	// TestImportReadsWhichDayADateTheMonthLacksMeant.)
	"newsletter_12_01_2017.txt": strings.Join([]string{
		"Shared Services Weekly", "", "Welcome back.", "", "Health", "",
		"Trusts share a laundry", "", "Three trusts will share one laundry. Read more >>>", "",
		"Receive this Shared Service News Summary into your inbox every week. Just register on our website.",
	}, "\n"),
	"2017-02-newsletters.txt": strings.Join([]string{
		"Thursday 2 February 2017", "", "News Summary of Collaboration and Shared Services from 1st February 2017", "",
		"Housing", "", "Landlords share a repairs team", "", "Three landlords share one team. Read more >>>", "",
		"Receive this Shared Service News Summary into your inbox every week. Just register on our website.", "",
		"Shared Services Weekly: the bulletin for 9 February 2017", "", "Health", "",
		"Trusts share a pathology network", "", "Four trusts will run one pathology network. Read more >>>", "",
		"Receive this Shared Service News Summary into your inbox every week. Just register on our website.",
	}, "\n"),
	"2016-06-09-newsletter.txt": strings.Join([]string{
		"Thursday 9 June 2016", "", "News Summary of Collaboration and Shared Services from 8th June 2016", "",
		"No news summary this week, as most of us are on leave.", "", "We will be back on 23 June with a double edition.", "",
		"Best wishes,", "The Shared Services team",
	}, "\n"),
}

func TestImportReportsEveryProblemAndImportsTheRest(t *testing.T) {
	cfg, db := writeConfig(t, "")
	dir := t.TempDir()
	write := func(name string, lines ...string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("good.txt", "Thursday 20 November 2014", "News Summary from 19th November 2014", "",
		"Health", "", "Trusts merge", "", "Two trusts become one. Read more >>>")
	// A good edition, one that cannot be dated, one with no stories (kept
	// as its text alone), and one with irregular text that is kept with
	// warnings.
	mixed := write("mixed.txt", "Thursday 13 November 2014", "News Summary from 12th November 2014", "",
		"************", "Housing", "", "Landlords share repairs", "", "Three landlords share a team. Read more >>>", "",
		"Thursday 32 November 2014", "News Summary", "", "Lost", "", "Lost. Read more >>>", "",
		"Thursday 6 November 2014", "News Summary from 5th November 2014", "", "Happy holidays: no news this week.", "",
		"Thursday 30 October 2014", "News Summary from 29th October 2014", "",
		"************", "Housing", "", "Three landlords share a team. Read more >>>", "", "Homes built", "", "Three hundred homes. Read more >>>")
	notNews := write("notes.txt", "Shopping list", "", "Milk", "Eggs")
	empty := write("empty.txt")
	binary := write("photo.jpg", "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
	huge := filepath.Join(dir, "huge.txt")
	if err := os.WriteFile(huge, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, archive.MaxFileBytes+4<<20); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.txt")

	out, stderr, err := importCLI(t, cfg, mixed, good, notNews, empty, binary, huge, missing, dir)
	if err == nil || err.Error() != "import: 6 of 8 files could not be read, 1 edition refused (see the errors above)" {
		t.Errorf("error %v", err)
	}
	wantAll(t, "stderr", stderr, []string{
		mixed + `:11: date line "Thursday 32 November 2014": November 2014 has no day 32: nothing says which day was meant (no weekday, and no date near it in the title or the file's name); nothing of this edition was imported` + "\n",
		mixed + `:18: warning: the edition of Thursday 6 November 2014 has no stories: no line ends in "Read more >>>"; it is imported with its text alone` + "\n",
		mixed + `:29: warning: summary ending in "Read more >>>" has no headline above it; kept as the editor's text, not as a story` + "\n",
		notNews + `:1: no edition found: this is not the newsletter's plain-text form`,
		empty + ":1: the file is empty; expected editions of the newsletter as plain text\n  nothing from " + empty + " was imported\n",
		binary + ":1: binary content (it looks like an image (image/jpeg))",
		huge + ": the file is 71.3 MB, larger than the 64 MiB one newsletter file may be; split it into several files\n",
		missing + ": cannot open: no such file or directory\n",
		dir + ": is a directory; name the files in it",
	})
	wantOut := mixed + ":1: imported edition 3 (Thursday 13 November 2014): 1 story in 1 section\n" +
		mixed + ":18: imported edition 2 (Thursday 6 November 2014): no stories, its text alone\n" +
		mixed + ":23: imported edition 1 (Thursday 30 October 2014): 1 story in 1 section\n" +
		good + ":1: imported edition 4 (Thursday 20 November 2014): 1 story in 1 section\n" +
		"total: 4 editions imported (3 stories), 0 already imported, 2 with warnings, 1 refused; 6 of 8 files could not be read\n"
	if out != wantOut {
		t.Errorf("stdout\n%s\nwant\n%s", out, wantOut)
	}
	// The refused editions took no number.
	st := openImported(t, db)
	var dates []string
	for n := 1; ; n++ {
		rec, err := st.Edition(context.Background(), n)
		if errors.Is(err, store.ErrNotFound) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		dates = append(dates, rec.Edition.Date.Format("Jan02"))
	}
	if strings.Join(dates, " ") != "Oct30 Nov06 Nov13 Nov20" {
		t.Errorf("stored editions %v", dates)
	}
	if res, err := search.New(st).Search(context.Background(), "Lost", 5); err != nil || len(res.Hits) != 0 {
		t.Errorf("a story of a refused edition was stored: %v, %v", res.Hits, err)
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	cfg, db := writeConfig(t, "")
	files := realDigestFiles(t)
	out, stderr, err := importCLI(t, cfg, append([]string{"--dry-run"}, files...)...)
	if err != nil {
		t.Fatalf("dry run: %v\n%s", err, stderr)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a dry run created the database: %v", err)
	}
	wantAll(t, "dry run", out, []string{
		"2014-05-newsletter.txt:85: would import the edition of Thursday 15 May 2014: 5 stories in 5 sections\n",
		"total: 5 editions to import (24 stories), 0 already imported, 1 with warnings, 0 refused; dry run: nothing was written\n",
	})
	if !strings.Contains(stderr, `2014-07-10-newsletter.txt:28: warning: section heading "Blue lights service"`) {
		t.Errorf("dry run warnings:\n%s", stderr)
	}

	// On a database with some editions: the same report, and nothing changes.
	if _, _, err := importCLI(t, cfg, files[0]); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	out, _, err = importCLI(t, cfg, append([]string{"--dry-run"}, files...)...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "2014-05-newsletter.txt:1: already imported as edition 3 (Friday 30 May 2014)") ||
		!strings.Contains(out, "total: 2 editions to import (13 stories), 3 already imported") {
		t.Errorf("dry run on a database:\n%s", out)
	}
	after, err := os.ReadFile(db)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("a dry run changed the database (%v)", err)
	}
}

// A mistyped file name must not leave a new database behind (migrated, with
// a log line for each migration) when nothing could be imported.
func TestImportOfNoReadableFileCreatesNoDatabase(t *testing.T) {
	cfg, db := writeConfig(t, "")
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "digest-2014.txt")
	_, stderr, err := importCLI(t, cfg, missing, empty)
	if err == nil || err.Error() != "import: 2 of 2 files could not be read (see the errors above); no database was created" {
		t.Errorf("error %v", err)
	}
	wantAll(t, "stderr", stderr, []string{
		missing + ": cannot open: no such file or directory\n",
		empty + ":1: the file is empty",
	})
	if strings.Contains(stderr, "database migrated") {
		t.Errorf("migrations were logged:\n%s", stderr)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an import of no readable file created the database: %v", err)
	}

	// With one good file beside them, the database is made and it is imported.
	if _, _, err := importCLI(t, cfg, missing, realDigestFiles(t)[0]); err == nil {
		t.Error("no error for the missing file")
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("the good file was not imported: %v", err)
	}
}

func TestImportUsage(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	for _, args := range [][]string{nil, {"--dry-run"}, {"--force", "x.txt"}, {"-x.txt"}} {
		var u usageError
		if _, _, err := importCLI(t, cfg, args...); !errors.As(err, &u) {
			t.Errorf("import %q: %v, want a usage error", args, err)
		}
	}
}

func TestImportedEditionsReadWell(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	if _, stderr, err := importCLI(t, cfg, realDigestFiles(t)...); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	for _, format := range []string{"markdown", "html"} {
		out, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "4", "--format", format)
		if err != nil {
			t.Fatal(err)
		}
		// Headlines without a link are headings, not paragraphs that look
		// like summaries; no archive key is linked; the footer is kept.
		for _, want := range map[string][]string{
			"markdown": {"## Blue lights service\n", "### Fire deaths fall by 5% in past year\n", "---\n\nReceive this Shared Service News Summary"},
			"html":     {`<h2 dir="auto">Blue lights service</h2>`, `<h3 dir="auto">Fire deaths fall by 5% in past year</h3>`, "<footer>\n<p dir=\"auto\">Receive this Shared Service News Summary"},
		}[format] {
			if !strings.Contains(out, want) {
				t.Errorf("preview --format %s lacks %q:\n%s", format, want, out)
			}
		}
		if strings.Contains(out, "urn:") || strings.Contains(out, "Read more") {
			t.Errorf("preview --format %s links an archive key:\n%s", format, out)
		}
	}

	script := "/shared edition 1\n/shared edition\n/shared search Huddle\n/shared news blue-light\n"
	out, _, err := runCLI(t, script, "--config", cfg, "console")
	if err != nil {
		t.Fatal(err)
	}
	wantAll(t, "console", out, []string{
		"Edition 1\n\nThursday 15 May 2014\n\nNews Summary of Collaboration and Shared Services from 14th May 2014\n\nThank you",
		// Sections in the edition's own order, as the editor wrote it.
		"************\nPrivate Sector Collaborations\n\nOne of the most quoted stats",
		"When firms get together: The secret of success\n\nWhen two people decide to get married",
		"it takes two to make a partnership work. When it comes to company mergers it's no different. Read more >>>\n\nIt evidences that the collaboration skills we teach",
		"Edition 5\n\nThursday 20 November 2014\n\nNews Summary of Collaboration and Shared Services from 19th November 2014\n\nHow would you like",
		"Search: Huddle\n",
		"East Renfrewshire uses Huddle to connect with neighbouring councils",
		"Latest in Blue Light Services\n",
		"Fire deaths fall by 5% in past year",
		"ACC appointed to lead joint organised crime directorate",
	})
	if i, j := strings.Index(out, "Private Sector Collaborations"), strings.Index(out, "************\nLocal Government\n\nThe LGA review"); i < 0 || j < i {
		t.Errorf("edition 1's sections are not in its own order")
	}
	if strings.Contains(out, "Read more >>> urn:") {
		t.Error("an edition links an archive key")
	}
	if t.Failed() {
		t.Logf("console:\n%s", out)
	}
}

// TestConsoleLaysOutTheDraft runs the layout commands through the console:
// a lead story, the section order, an intro and a note of several
// paragraphs typed with a literal \n, and an edition found by its date.
func TestConsoleLaysOutTheDraft(t *testing.T) {
	cfg, _ := writeConfigFetching(t, true, "")
	site := siteDown(t)
	if _, stderr, err := importCLI(t, cfg, realDigestFiles(t)...); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	script := strings.Join([]string{
		"/shared submit " + site + "/news/councils-merge local-government",
		"/shared submit " + site + "/news/trusts-merge health",
		"/shared submit " + site + "/news/homes housing",
		"/shared approve 25",
		"/shared approve 26",
		"/shared approve 27",
		`/shared intro Hello all.\nA busy week.`,
		`/shared note 26 First thought.\nSecond thought.`,
		"/shared lead 27",
		"/shared order health local government",
		"/shared draft",
		"/shared edition 2014-07-10",
		"/shared edition 4 December 2014",
	}, "\n")
	out, stderr, err := runCLI(t, script, "--config", cfg, "console")
	if err != nil {
		t.Fatalf("console: %v\nstderr: %s", err, stderr)
	}
	wantAll(t, "console output", out, []string{
		"#27 “" + site + "/news/homes” leads the draft edition, under the intro.",
		"The draft's sections now run Health & Social Care, Local Government, then",
		"Hello all.\n\nA busy week.\n\n" + site + "/news/homes\n\nRead more >>> " + site + "/news/homes\nSource: 127.0.0.1\n\n" +
			"************\nHealth & Social Care\n\nFirst thought.\n\nSecond thought.\n\n" + site + "/news/trusts-merge\n\n",
		"************\nLocal Government\n\n" + site + "/news/councils-merge",
		"Edition 4\n\nThursday 10 July 2014\n\nNews Summary of Collaboration and Shared Services from 9th July 2014\n\nLocal Government",
		"There is no edition dated Thursday 4 December 2014; the nearest is edition 5 (Thursday 20 November 2014).",
	})
}

// TestImportDryRunCountsAsTheRunDoes names the same file twice: a dry run
// must report what the import then does, each edition imported once and
// its repeat left alone, not every edition twice.
func TestImportDryRunCountsAsTheRunDoes(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	file := filepath.Join(realDigests, "2014-05-newsletter.txt")
	if _, err := os.Stat(file); err != nil {
		t.Skip(err)
	}
	total := func(out string) string {
		at := strings.LastIndex(out, "total: ")
		if at < 0 {
			t.Fatalf("no total in\n%s", out)
		}
		line, _, _ := strings.Cut(strings.TrimSpace(out[at:]), ";")
		return strings.Replace(line, " to import ", " imported ", 1)
	}
	dry, stderr, err := importCLI(t, cfg, "--dry-run", file, file)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	run, stderr, err := importCLI(t, cfg, file, file)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if total(dry) != total(run) {
		t.Errorf("dry run says\n%s\nthe import did\n%s", dry, run)
	}
	// Each repeat names the edition it repeats.
	if n := strings.Count(dry, ": the same edition as "+file+":"); n != 3 {
		t.Errorf("dry run names %d repeats, want 3:\n%s", n, dry)
	}
	if want := "total: 3 editions imported (11 stories), 3 already imported"; !strings.HasPrefix(total(run), want) {
		t.Errorf("import: %s, want %s", total(run), want)
	}
}

// TestImportTwoEditionsOfOneDay imports two editions published on the same
// day: one with its own title, and one with the same title but other
// stories (a second send that day). Each is an edition of its own; a second
// import adds nothing; a dry run says the same.
func TestImportTwoEditionsOfOneDay(t *testing.T) {
	cfg, db := writeConfig(t, "")
	data, err := os.ReadFile(filepath.Join(realDigests, "2014-07-10-newsletter.txt"))
	if err != nil {
		t.Skip(err)
	}
	first := string(data)
	// The same day's edition again with every headline changed: another
	// edition, not the same one.
	second := regexp.MustCompile(`(?m)^(.+)\n\n?(.*Read more >>>)$`).ReplaceAllString(first, "Also: $1\n\n$2")
	third := strings.Replace(first, "News Summary of Collaboration", "Special Summary of Collaboration", 1)
	if second == first || third == first {
		t.Fatal("variants did not change the edition")
	}
	file := filepath.Join(t.TempDir(), "same-day.txt")
	if err := os.WriteFile(file, []byte(first+"\n\n"+second+"\n\n"+third), 0o600); err != nil {
		t.Fatal(err)
	}
	dry, stderr, err := importCLI(t, cfg, "--dry-run", file)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(dry, "total: 3 editions to import (15 stories), 0 already imported") {
		t.Errorf("dry run:\n%s", dry)
	}
	out, stderr, err := importCLI(t, cfg, file)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(out, "total: 3 editions imported (15 stories), 0 already imported") {
		t.Errorf("import:\n%s\n%s", out, stderr)
	}
	// The third edition's stories have no link: the warning about their
	// keys must not speak of one.
	if want := `: warning: "Right Tier, Right Now" is another stored story's too (the same link, or the same headline on the same day)`; !strings.Contains(stderr, want) ||
		strings.Contains(stderr, "the link of") {
		t.Errorf("import warnings:\n%s\nwant %s", stderr, want)
	}
	out, _, err = importCLI(t, cfg, file)
	if err != nil || !strings.Contains(out, "total: 0 editions imported (0 stories), 3 already imported") {
		t.Errorf("import again (%v):\n%s", err, out)
	}
	st := openImported(t, db)
	for n := 1; n <= 3; n++ {
		if _, err := st.Edition(context.Background(), n); err != nil {
			t.Errorf("edition %d: %v", n, err)
		}
	}
}

// TestPreviewOfAMissingEditionSaysWhichThereAre: `preview --edition N`
// of a number not published said only "there is no published edition N",
// leaving the operator to guess which numbers there are. It now names the
// latest, or says that none is published yet.
func TestPreviewOfAMissingEditionSaysWhichThereAre(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	if _, _, err := runCLI(t, "", "--config", cfg, "migrate"); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "1")
	if want := "there is no published edition 1: none has been published yet; preview without --edition shows the draft"; err == nil || err.Error() != want {
		t.Errorf("preview --edition 1 of an empty archive: %v; want %q", err, want)
	}
	if _, _, err := runCLI(t, "", "--config", cfg, "import", filepath.Join(realDigests, "2014-05-newsletter.txt")); err != nil {
		t.Fatal(err)
	}
	_, _, err = runCLI(t, "", "--config", cfg, "preview", "--edition", "99")
	if want := "there is no published edition 99: the latest is edition 3, of Friday 30 May 2014"; err == nil || err.Error() != want {
		t.Errorf("preview --edition 99: %v; want %q", err, want)
	}
}

// TestPreviewOfAYearSaysWhichEditionsItHas: `preview --edition 2014`, a
// year typed for an edition number, said only that there is no edition
// 2014. It now says which editions are of 2014, how to ask for a month of
// it, and what --edition takes; a year with no edition says so.
func TestPreviewOfAYearSaysWhichEditionsItHas(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	if _, _, err := runCLI(t, "", append([]string{"--config", cfg, "import"}, realDigestFiles(t)...)...); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "2014")
	want := "there is no published edition 2014: the latest is edition 5, of Thursday 20 November 2014. If you meant the year, 2014 has 5 editions, 1 to 5: " +
		"ask for one by its number, or for a month, such as sharednews preview --edition November 2014. --edition takes an edition's number, or its date or month"
	if err == nil || err.Error() != want {
		t.Errorf("preview --edition 2014: %v\nwant %q", err, want)
	}
	_, _, err = runCLI(t, "", "--config", cfg, "preview", "--edition", "2015")
	want = "there is no published edition 2015: the latest is edition 5, of Thursday 20 November 2014, and no edition is of the year 2015. --edition takes an edition's number, or its date or month"
	if err == nil || err.Error() != want {
		t.Errorf("preview --edition 2015: %v\nwant %q", err, want)
	}
	// What it suggests works.
	if out, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "November", "2014"); err != nil || !strings.Contains(out, "20 November 2014") {
		t.Errorf("preview --edition November 2014: %v\n%s", err, out)
	}
}

// TestImportDryRunWarnsOfStoriesStoredUnderAKeyOfTheirOwn: an edition sent
// twice on one day under two titles, a link two stories of one edition
// share, and a link a story already stored has are each stored under a key
// of their own, and the import says so for each story. The dry run said
// nothing of them, though it is to print what the import will.
func TestImportDryRunWarnsOfStoriesStoredUnderAKeyOfTheirOwn(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	edition := func(date, title, links string) string {
		return strings.Join([]string{date, "", title, "", "Local Government", "",
			"Two districts share a chief executive", "", "A shared chief executive starts in March. Read more >>>" + links, "",
			"Three councils share a data centre", "", "The servers move in May. Read more >>>" + links, "",
			"Receive this Shared Service News Summary into your inbox every week.", ""}, "\n")
	}
	dir := t.TempDir()
	earlier := filepath.Join(dir, "earlier.txt")
	if err := os.WriteFile(earlier, []byte(edition("Thursday 8 January 2015", "News Summary from 7th January 2015",
		" https://www.example.org/news/data-centre")), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := importCLI(t, cfg, earlier); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	file := filepath.Join(dir, "later.txt")
	body := edition("Thursday 15 January 2015", "News Summary from 14th January 2015", "") + "\n" +
		edition("Thursday 15 January 2015", "Special Summary from 14th January 2015", "") + "\n" +
		edition("Thursday 22 January 2015", "News Summary from 21st January 2015", " https://www.example.org/news/data-centre")
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	warnings := func(stderr string) []string {
		var out []string
		for _, l := range strings.Split(stderr, "\n") {
			if strings.Contains(l, "stored under a key of its own") {
				out = append(out, l)
			}
		}
		return out
	}
	dryOut, dryErr, err := importCLI(t, cfg, "--dry-run", file)
	if err != nil {
		t.Fatalf("%v\n%s", err, dryErr)
	}
	runOut, runErr, err := importCLI(t, cfg, file)
	if err != nil {
		t.Fatalf("%v\n%s", err, runErr)
	}
	// Both stories of the second send; both of the last edition (one
	// link, already stored).
	if got := warnings(runErr); len(got) != 4 {
		t.Fatalf("the import warned of %d stories, want 4:\n%s", len(got), runErr)
	}
	if got, want := warnings(dryErr), warnings(runErr); !slices.Equal(got, want) {
		t.Errorf("dry run warned\n%s\nthe import warned\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	total := func(out string) string {
		line := out[strings.LastIndex(out, "total: "):]
		line, _, _ = strings.Cut(strings.TrimSpace(line), ";")
		return strings.Replace(line, " to import ", " imported ", 1)
	}
	if total(dryOut) != total(runOut) {
		t.Errorf("dry run: %s\nimport:  %s", total(dryOut), total(runOut))
	}
}

// An edition an older release dated from its title, since it could not read
// its date line ("31/12/15"), is found again when the file is imported by a
// release that reads the date line: nothing is added, and the import says
// under which date the edition stands, in a dry run too.
func TestReimportOfAnEditionDatedOtherwiseSaysSo(t *testing.T) {
	cfg, db := writeConfig(t, "")
	dir := t.TempDir()
	body := "News Summary of Collaboration and Shared Services from 30th December 2015\n\n************\nHousing\n\n" +
		"Landlords share a gas engineer\n\nTwo landlords agree. Read more >>> https://news.example/gas\n\n" +
		"Receive this Shared Service News Summary into your inbox every week.\n"
	// As the older release stored it: dated from its title.
	titled := filepath.Join(dir, "titled.txt")
	dated := filepath.Join(dir, "dated.txt")
	if err := os.WriteFile(titled, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dated, []byte("31/12/15\n\n"+body), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, _, err := importCLI(t, cfg, titled); err != nil || !strings.Contains(out, "imported edition 1 (Wednesday 30 December 2015)") {
		t.Fatalf("first import: %v\n%s", err, out)
	}
	const want = "already imported as edition 1 (Thursday 31 December 2015), dated Wednesday 30 December 2015 when it was imported; it keeps that date"
	for _, args := range [][]string{{"--dry-run", dated}, {dated}} {
		out, stderr, err := importCLI(t, cfg, args...)
		if err != nil || !strings.Contains(out, want) || !strings.Contains(out, "0 editions") {
			t.Errorf("import %q: %v\n%s%s\nwant %q", args, err, out, stderr, want)
		}
	}
	st := openImported(t, db)
	if _, total, err := st.PublishedEditions(context.Background(), 0, 10); err != nil || total != 1 {
		t.Errorf("%d editions after the re-import (%v), want 1", total, err)
	}
}

// TestReimportOfACorrectedEditionSaysItDiffers imports a real edition, then
// the same file corrected (a headline and a summary changed): the import
// keeps the stored edition, as it keeps any edition already imported, but
// says which stories the file writes otherwise, in a dry run too. Before,
// it said only "already imported as edition 1", and the editor took the
// correction for made. The file imported again unchanged says nothing more.
func TestReimportOfACorrectedEditionSaysItDiffers(t *testing.T) {
	original, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "testdata", "digests", "2014-07-10-newsletter.txt"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, db := writeConfig(t, "")
	dir := t.TempDir()
	path := filepath.Join(dir, "2014-07-10.txt")
	if err := os.WriteFile(path, original, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, _, err := importCLI(t, cfg, path); err != nil || !strings.Contains(out, "imported edition 1 (Thursday 10 July 2014)") {
		t.Fatalf("first import: %v\n%s", err, out)
	}
	same, _, err := importCLI(t, cfg, path)
	if err != nil || !strings.Contains(same, "2014-07-10.txt:1: already imported as edition 1 (Thursday 10 July 2014)\n") {
		t.Errorf("unchanged file: %v\n%s", err, same)
	}
	corrected := strings.NewReplacer("Right Tier, Right Now", "Right Tier, Right Now: the essays",
		"Three Dorset councils are considering", "Three Dorset councils are now considering").Replace(string(original))
	if err := os.WriteFile(path, []byte(corrected), 0o600); err != nil {
		t.Fatal(err)
	}
	const want = `2014-07-10.txt:1: already imported as edition 1 (Thursday 10 July 2014); this file's text differs from it ("Right Tier, Right Now: the essays", "Dorset councils propose shared working", "Right Tier, Right Now"): an import never changes an edition it has already imported, so the stored text is kept` + "\n"
	for _, args := range [][]string{{"--dry-run", path}, {path}} {
		out, _, err := importCLI(t, cfg, args...)
		if err != nil || !strings.Contains(out, want) {
			t.Errorf("import %q: %v\n%s\nwant %s", args, err, out, want)
		}
	}
	st := openImported(t, db)
	rec, err := st.Edition(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rec.Stories {
		if strings.Contains(s.Headline, "the essays") || strings.Contains(s.Summary, "now considering") {
			t.Errorf("the stored edition changed: %q %q", s.Headline, s.Summary)
		}
	}
}

// TestPreviewOfAnEditionByDateOrMonth: `preview --edition` took only a
// number, refusing "2014-07-10" as not a positive number; an operator
// knows an edition by its date. It now takes a date or a month as
// /shared edition does (one lookup for both), and says when there is none.
func TestPreviewOfAnEditionByDateOrMonth(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	files, err := filepath.Glob(filepath.Join(realDigests, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("the digests in %s: %v", realDigests, err)
	}
	if _, _, err := runCLI(t, "", append([]string{"--config", cfg, "import"}, files...)...); err != nil {
		t.Fatal(err)
	}
	byNumber, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "4")
	if err != nil || !strings.Contains(byNumber, "10 July 2014") {
		t.Fatalf("preview --edition 4: %v\n%s", err, byNumber)
	}
	for _, arg := range []string{"2014-07-10", "10 July 2014", "July 2014", "2014-07"} {
		out, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", arg)
		if err != nil || out != byNumber {
			t.Errorf("preview --edition %q: %v, want edition 4 as --edition 4 prints it; got\n%s", arg, err, out)
		}
	}
	for arg, want := range map[string]string{
		"2014-07-11":   "There is no edition dated Friday 11 July 2014; the nearest are edition 4 (Thursday 10 July 2014) and edition 5 (Thursday 20 November 2014).",
		"October 2014": "There is no edition of October 2014; the nearest are edition 4 (Thursday 10 July 2014) and edition 5 (Thursday 20 November 2014).",
	} {
		if out, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", arg); err == nil || err.Error() != want || out != "" {
			t.Errorf("preview --edition %q: %v (%d bytes out), want %q", arg, err, len(out), want)
		}
	}
	_, _, err = runCLI(t, "", "--config", cfg, "preview", "--edition", "2014-02-30")
	var u usageError
	if !errors.As(err, &u) || !strings.Contains(err.Error(), "February 2014 has no day 30") {
		t.Errorf("preview --edition 2014-02-30: %v, want a usage error naming the missing day", err)
	}
}

// TestImportOfNothingChangesTheDatabase: an import that stores no edition
// (a mistyped file name) leaves an existing database as it was, byte for
// byte, even when stories a member submitted wait for the search index's
// upkeep: that is the running bot's to do, not a failed command's.
func TestImportOfNothingChangesTheDatabase(t *testing.T) {
	cfg, db := writeConfigFetching(t, true, "")
	if _, _, err := runCLI(t, "/shared submit "+siteDown(t)+"/news/1 health\n", "--config", cfg, "console"); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "no-such-edition.txt")
	if _, _, err := importCLI(t, cfg, missing); err == nil {
		t.Fatal("an import of a file that does not exist succeeded")
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("an import that stored nothing changed the database")
	}
}

// parserOf is the archive parser the import command makes for the
// configuration file cfg: its sectors and its edition title.
func parserOf(t *testing.T, cfg string) archive.Parser {
	t.Helper()
	c, err := config.Load(cfg, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return archive.Parser{Sectors: c.DigestSectors(), TitleTemplate: c.Digest.Title}
}
