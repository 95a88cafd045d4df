package digest

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
)

// realDigests are the newsletters Shared News replaces. They live beside
// the repository (the project's shared test data), not in it.
const realDigests = "../../shared/testdata/digests"

const dateLineLayout = "Monday 2 January 2006"

// digestIssue is one newsletter from a file of the real digests; one file
// can hold several.
type digestIssue struct {
	name  string
	lines []string
}

// readRealDigests returns every issue in the real digests, split at their
// date lines.
func readRealDigests(t *testing.T) []digestIssue {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(realDigests, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no real digests in %s", realDigests)
	}
	var issues []digestIssue
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(string(data), "\r\n", "\n")
		for line := range strings.SplitSeq(text, "\n") {
			if _, err := time.Parse(dateLineLayout, strings.TrimSpace(line)); err == nil {
				issues = append(issues, digestIssue{name: filepath.Base(f) + ": " + strings.TrimSpace(line)})
			}
			if len(issues) == 0 {
				t.Fatalf("%s does not start with a date line", f)
			}
			issues[len(issues)-1].lines = append(issues[len(issues)-1].lines, line)
		}
	}
	return issues
}

var ordinalTitleDate = regexp.MustCompile(`(\d{1,2}(st|nd|rd|th) [A-Z][a-z]+ \d{4})$`)

// checkTextConventions checks the layout that the real newsletters and
// RenderText share: a date line first, then the title with its ordinal
// date, sectors under a line of exactly twelve asterisks followed by a
// heading, and "Read more >>>" at the end of every summary (followed by the
// story's link in a rendering, since the emails had it as a hyperlink).
// It returns how many section rules and summaries it saw, and how many of
// the summaries have a link.
func checkTextConventions(t *testing.T, name string, lines []string) (rules, summaries, links int) {
	t.Helper()
	var content []int // indexes of non-blank lines
	for i, l := range lines {
		if strings.TrimFunc(l, unicode.IsSpace) != "" {
			content = append(content, i)
		}
	}
	if len(content) < 2 {
		t.Fatalf("%s: too short", name)
	}
	first := strings.TrimSpace(lines[content[0]])
	d, err := time.Parse(dateLineLayout, first)
	if err != nil || DateLine(d) != first {
		t.Errorf("%s: first line %q is not a DateLine", name, first)
	}
	title := strings.TrimSpace(lines[content[1]])
	m := ordinalTitleDate.FindStringSubmatch(title)
	if m == nil {
		t.Errorf("%s: second line %q is not a title ending in an ordinal date", name, title)
	} else {
		td, err := time.Parse("2 January 2006", strings.NewReplacer("st ", " ", "nd ", " ", "rd ", " ", "th ", " ").Replace(m[1]))
		if err != nil {
			t.Errorf("%s: title date %q: %v", name, m[1], err)
		} else if got := Title(strings.TrimSuffix(title, m[1])+DateTemplate, td); got != title {
			t.Errorf("%s: Title gives %q, the digest has %q", name, got, title)
		}
	}

	for n, i := range content {
		line := strings.TrimRightFunc(lines[i], unicode.IsSpace)
		if strings.Trim(line, "*") == "" {
			rules++
			if line != SectionRule {
				t.Errorf("%s: line %d: section rule %q is not twelve asterisks", name, i+1, line)
			}
			if n+1 >= len(content) {
				t.Errorf("%s: section rule at the end", name)
				continue
			}
			heading := strings.TrimSpace(lines[content[n+1]])
			if strings.Contains(heading, ReadMore) || strings.Trim(heading, "*") == "" || len(heading) > 60 {
				t.Errorf("%s: line %d: %q does not look like a sector heading", name, content[n+1]+1, heading)
			}
		}
		if !strings.Contains(line, ReadMore) {
			continue
		}
		summaries++
		end := line
		if at := strings.LastIndex(line, " "); at >= 0 && linkURL(line[at+1:]) != "" {
			end = line[:at]
			links++
		}
		if !strings.HasSuffix(end, ReadMore) {
			t.Errorf("%s: line %d: %q does not end with %q", name, i+1, line, ReadMore)
		}
	}
	return rules, summaries, links
}

func TestRealDigestConventions(t *testing.T) {
	issues := readRealDigests(t)
	if len(issues) < 5 {
		t.Errorf("found %d issues, want the 5 in the three files", len(issues))
	}
	var rules, summaries int
	for _, is := range issues {
		r, s, links := checkTextConventions(t, is.name, is.lines)
		rules += r
		summaries += s
		if links != 0 {
			t.Errorf("%s: %d links in a plain-text digest", is.name, links)
		}
	}
	if rules == 0 || summaries == 0 {
		t.Errorf("real digests: %d section rules, %d summaries", rules, summaries)
	}
}

func TestRenderTextFollowsRealDigests(t *testing.T) {
	for _, ed := range goldenEditions {
		e := ed.edition()
		out := RenderText(e)
		lines := strings.Split(out, "\n")
		if IsDraft(e) {
			if lines[0] != DraftBanner {
				t.Errorf("%s: draft starts %q", ed.name, lines[0])
			}
			lines = lines[1:]
		}
		rules, summaries, links := checkTextConventions(t, ed.name, lines)
		if rules != len(e.Sections) {
			t.Errorf("%s: %d section rules for %d sections", ed.name, rules, len(e.Sections))
		}
		wantSummaries, wantLinks := 0, 0
		for _, st := range e.Stories() {
			if linkURL(st.URL) != "" {
				wantLinks++
			}
			if linkURL(st.URL) != "" || CleanText(st.Summary) != "" {
				wantSummaries++
			}
		}
		if summaries != wantSummaries || links != wantLinks {
			t.Errorf("%s: %d summaries end in Read more, %d of them with a link; want %d and %d", ed.name, summaries, links, wantSummaries, wantLinks)
		}
	}
}

// skeleton is the outline of a plain-text digest: the sectors that have
// stories, and each story's headline and summary, in order.
func skeleton(lines []string) []string {
	var out []string
	heading := ""
	prev := "" // the last non-blank line
	for i, l := range lines {
		line := strings.TrimSpace(l)
		if line == "" {
			continue
		}
		if line == SectionRule {
			for _, next := range lines[i+1:] {
				if next = strings.TrimSpace(next); next != "" {
					heading = next
					break
				}
			}
			out = append(out, "section: "+heading)
		}
		if at := strings.Index(line, ReadMore); at >= 0 {
			out = append(out, "headline: "+prev, "summary: "+strings.TrimSpace(line[:at]))
		}
		prev = line
	}
	// Keep only sections with stories.
	var kept []string
	for i, s := range out {
		if strings.HasPrefix(s, "section: ") && (i+1 == len(out) || strings.HasPrefix(out[i+1], "section: ")) {
			continue
		}
		kept = append(kept, s)
	}
	return kept
}

// parseRealIssue reads the sectors and stories of a real newsletter back
// into an Edition: the line before a "Read more >>>" line is a headline,
// other paragraphs before it in the sector are commentary.
func parseRealIssue(is digestIssue) Edition {
	e := Edition{State: EditionPublished, Number: 1}
	var content []string
	for _, l := range is.lines {
		if l = strings.TrimSpace(l); l != "" {
			content = append(content, l)
		}
	}
	e.Date, _ = time.Parse(dateLineLayout, content[0])
	e.Title = content[1]
	var sec *Section
	var commentary []string
	for i := 2; i < len(content); i++ {
		line := content[i]
		switch {
		case line == SectionRule && i+1 < len(content):
			e.Sections = append(e.Sections, Section{Sector: Sector{Slug: content[i+1], Name: content[i+1]}})
			sec = &e.Sections[len(e.Sections)-1]
			commentary = nil
			i++
		case sec != nil && i+1 < len(content) && strings.HasSuffix(content[i+1], ReadMore):
			sec.Stories = append(sec.Stories, Story{
				Headline:   line,
				Summary:    strings.TrimSpace(strings.TrimSuffix(content[i+1], ReadMore)),
				URL:        "https://example.org/story/" + strconv.Itoa(len(sec.Stories)+1),
				Commentary: strings.Join(commentary, "\n\n"),
			})
			commentary = nil
			i++
		default:
			commentary = append(commentary, line)
		}
	}
	var sections []Section
	for _, s := range e.Sections {
		if len(s.Stories) > 0 {
			sections = append(sections, s)
		}
	}
	e.Sections = sections
	return e
}

func TestRenderTextRoundTripsRealDigests(t *testing.T) {
	checked := 0
	for _, is := range readRealDigests(t) {
		want := skeleton(is.lines)
		if len(want) == 0 || !strings.HasPrefix(want[0], "section: ") {
			// Stories before the first rule (the July issue's first sector
			// had no rule above it) cannot be placed in a sector.
			continue
		}
		e := parseRealIssue(is)
		out := RenderText(e)
		lines := strings.Split(out, "\n")
		if got := skeleton(lines); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: rendered outline differs\n got %q\nwant %q", is.name, got, want)
		}
		// The first two lines read exactly as the newsletter's did.
		var real []string
		for _, l := range is.lines {
			if l = strings.TrimSpace(l); l != "" {
				real = append(real, l)
			}
		}
		if lines[0] != real[0] || lines[2] != real[1] {
			t.Errorf("%s: starts %q / %q, want %q / %q", is.name, lines[0], lines[2], real[0], real[1])
		}
		checked++
	}
	if checked < 3 {
		t.Errorf("%d real digests round-tripped, want at least 3", checked)
	}
}
