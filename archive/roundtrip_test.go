package archive_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/archive/archivetest"
	"github.com/sharednews/sharednews/classify"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// roundTrip parses a file, renders each edition as text and compares it
// with the original, line by line; it reports each edition's result.
func roundTrip(t *testing.T, name string, data []byte) (archive.File, archivetest.Result) {
	t.Helper()
	pf, err := parser(t).ParseFile(name, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	lines, err := archive.TextLines(name, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var total archivetest.Result
	for i, original := range archivetest.Editions(lines, pf) {
		e := pf.Editions[i]
		r := archivetest.Compare(original, e, digest.RenderText(e.Edition()))
		t.Logf("%s %s: %s", name, digest.DateLine(e.Date), r)
		for _, m := range r.Missing {
			t.Errorf("%s %s: not reproduced: %s", name, digest.DateLine(e.Date), m)
		}
		total.Add(r)
	}
	return pf, total
}

func parser(t testing.TB) archive.Parser {
	cfg, err := config.Load("", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return archive.Parser{Sectors: cfg.DigestSectors(), TitleTemplate: cfg.Digest.Title}
}

// TestRoundTripRealDigests renders every edition of the real digests as
// text and compares it with the original, line by line: the share
// reproduced exactly must be all of it.
//
//	go test ./archive -run RoundTripRealDigests -v
func TestRoundTripRealDigests(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "shared", "testdata", "digests", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Skip("no real digests beside the repository")
	}
	var total archivetest.Result
	editions := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		pf, r := roundTrip(t, filepath.Base(path), data)
		if len(pf.Refused) > 0 {
			t.Errorf("%s: refused %v", path, pf.Refused)
		}
		editions += len(pf.Editions)
		total.Add(r)
	}
	t.Logf("round trip over %d editions in %d files: %s", editions, len(files), total)
	if total.Share() != 1 {
		t.Errorf("round trip reproduced %.1f%% of the lines, want 100%%", 100*total.Share())
	}
}

// TestHeadingsFiledByTheSectorModel files headings that name no sector with
// the shipped sector model, as `sharednews import` does: by a name within
// the heading, by the model when it is sure enough, else under Other.
func TestHeadingsFiledByTheSectorModel(t *testing.T) {
	p := parser(t)
	model := classify.New(p.Sectors)
	p.Suggest = func(text string) (string, float64) {
		r := model.Classify(classify.Input{Headline: text})
		return r.Sector, r.Confidence
	}
	var lines []string
	want := map[string]string{
		"Blue Light Transformation": "blue-light",       // a name within it
		"Care homes":                "health",           // the model, sure, over Housing's alias "homes"
		"Europe":                    "international",    // the model
		"Welsh reorganisation":      "local-government", // the model
		"Jobs":                      "other",            // nothing: the fallback
	}
	order := []string{"Blue Light Transformation", "Care homes", "Europe", "Welsh reorganisation", "Jobs"}
	lines = append(lines, "Thursday 20 November 2014", "News Summary", "")
	for i, h := range order {
		lines = append(lines, "************", h, "", fmt.Sprintf("Story %d", i), "", fmt.Sprintf("Summary %d. Read more >>>", i), "")
	}
	f, err := p.ParseFile("news.txt", strings.NewReader(strings.Join(lines, "\n")))
	if err != nil || len(f.Editions) != 1 {
		t.Fatalf("%v %+v", err, f)
	}
	for _, s := range f.Editions[0].Sections {
		if s.Sector.Slug != want[s.Heading] {
			t.Errorf("%q filed under %s, want %s", s.Heading, s.Sector.Slug, want[s.Heading])
		}
	}
	if n := len(f.Editions[0].Warnings); n != len(order) {
		t.Errorf("%d warnings, want one a heading: %v", n, f.Editions[0].Warnings)
	}
}

// TestUnknownHeadingWithoutARule reads a section heading that names no
// configured sector and has no row of asterisks above it (the first
// heading of an edition often has none), as the heading of its section,
// filed by the sector model: before, it stayed the intro's text and the
// section's stories became the edition's lead. A line the model cannot
// file, or one in sentence case, or with no story after it, stays text.
func TestUnknownHeadingWithoutARule(t *testing.T) {
	p := parser(t)
	model := classify.New(p.Sectors)
	p.Suggest = func(text string) (string, float64) {
		r := model.Classify(classify.Input{Headline: text})
		return r.Sector, r.Confidence
	}
	text := strings.Join([]string{"Thursday 20 November 2014", "News Summary of Collaboration and Shared Services from 19th November 2014", "",
		"A short week, but a busy one.", "", "Happy New Year", "", "Welsh reorganisation moves on", "",
		"Waste and Recycling", "", "Two districts have shared a depot for a year; now the bins follow.", "",
		"Districts merge bin rounds", "", "Two districts will run one fleet of bin lorries from April. Read more >>>", "",
		"Europe", "", "Councils look abroad.", "", "Twinning towns share a bid", "", "Three towns bid for one grant. Read more >>>", "",
		"************", "Health", "", "Trusts merge", "", "Two trusts become one. Read more >>>", "",
		"Devolution Deals", "", "Receive this Shared Service News Summary into your inbox every week."}, "\n")
	f, err := p.ParseFile("news.txt", strings.NewReader(text))
	if err != nil || len(f.Editions) != 1 {
		t.Fatalf("%v %+v", err, f)
	}
	e := f.Editions[0]
	var got []string
	for _, st := range e.Lead {
		got = append(got, "lead: "+st.Headline)
	}
	for _, s := range e.Sections {
		got = append(got, fmt.Sprintf("%s (%s): %d stories", s.Heading, s.Sector.Slug, len(s.Stories)))
	}
	want := []string{"Waste and Recycling (local-government): 1 stories", "Europe (international): 1 stories", "Health (health): 1 stories"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("read\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(e.Intro, "Happy New Year") || !strings.Contains(e.Intro, "Welsh reorganisation moves on") {
		t.Errorf("intro %q", e.Intro)
	}
	lines, err := archive.TextLines("news.txt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if r := archivetest.Compare(archivetest.Editions(lines, f)[0], e, digest.RenderText(e.Edition())); r.Share() != 1 {
		t.Errorf("round trip %s: %v", r, r.Missing)
	}
}

// TestRoundTripReadMoreSpellings renders editions written with the marker
// in brackets, with dots, or with a source in brackets after the link, and
// finds every line of the original in the rendering; archivetest knows
// these spellings as the parser does.
func TestRoundTripReadMoreSpellings(t *testing.T) {
	text := strings.Join([]string{"Thursday 3 September 2015", "News Summary from 2nd September 2015", "",
		"Welcome. You can read more…", "", "************", "Health", "",
		"Trusts share a pharmacy", "Two hospital trusts share one pharmacy. (Read more >>>)", "",
		"Ambulance control rooms merge", "The rooms merge in May. (Read more >>> https://example.org/ambulance)", "",
		"Clinics share a booking line", "One number for four clinics. Read more...", "",
		"GP practices federate", "Nine practices form one federation.Read more…", "https://example.org/gp", "",
		"Two districts pool their planners", "", "Planners move in April. Read more >>> https://example.org/planners (Valley Gazette)", "",
		"Our view", "", "We think there is more to come, and you can read more..."}, "\n")
	pf, r := roundTrip(t, "spellings.txt", []byte(text))
	if len(pf.Editions) != 1 || r.Share() != 1 {
		t.Errorf("%d editions, %s", len(pf.Editions), r)
	}
	var stories int
	for _, s := range pf.Editions[0].Sections {
		stories += len(s.Stories)
	}
	if stories != 5 {
		t.Errorf("%d stories, want 5", stories)
	}
}

// TestRoundTripSentenceHeadlines renders an edition whose headlines all
// end in a full stop and finds every line of the original in it.
func TestRoundTripSentenceHeadlines(t *testing.T) {
	text := strings.Join([]string{"Thursday 3 September 2015", "News Summary from 2nd September 2015", "", "************", "Local Government", "",
		"Councils agree to share a chief executive.", "", "The two district councils will advertise the joint post in March. Read more >>>", "",
		"Waste partnership wins national award.", "", "Recycling rose above 60% in its first year. Read more >>>"}, "\n")
	pf, r := roundTrip(t, "sentences.txt", []byte(text))
	if len(pf.Editions) != 1 || r.Share() != 1 || pf.Editions[0].StoryCount() != 2 {
		t.Errorf("%d editions, %s", len(pf.Editions), r)
	}
}
