package digest

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

const testTitleTemplate = "News Summary of Collaboration and Shared Services from {date}"

// publishedEdition is edition 42 built from the stories of the
// 20 November 2014 newsletter.
func publishedEdition() Edition {
	stories := []Story{
		{
			ID: 1, Sector: "local-government",
			URL:        "https://www.bbc.co.uk/news/uk-england-gloucestershire-29988450",
			Headline:   "Gloucester councils propose the sharing of senior staff",
			Summary:    "Local authorities in Gloucester are looking to form a new partnership between city and county councils through senior staff, having shared roles between the two.",
			Source:     "BBC News",
			Commentary: "The Transformation and Innovation Fund money is beginning to kick in for the development of new collaborative working projects. Here are some examples from this week’s media:",
		},
		{
			ID: 2, Sector: "local-government",
			URL:      "https://www.worcesternews.co.uk/news/11611398.fresh-plans-to-merge-council-services-revealed/",
			Headline: "Fresh plans to 'merge' council services revealed",
			Summary:  "Radical plans to merge council services in Malvern and Wychavon can today be revealed - starting with rubbish collections.",
			Source:   "Worcester News",
		},
		{
			ID: 3, Sector: "health",
			URL:        "https://www.hsj.co.uk/finance/without-better-finance-partnership/5077630.article",
			Headline:   "Without better finance partnership, we have no hope of meeting efficiency targets",
			Summary:    "It’s a familiar scene, the accountant waving pages of illegible numbers and complicated graphs at a largely bemused audience.",
			Commentary: "Language is key to effective collaborative working. Councils say “shared services”, universities say “CAMS” and Health talks in terms of “partnerships”.\n\nThese two items came in on the newswires and are worth scanning…",
		},
		{
			ID: 4, Sector: "local-government",
			URL:        "https://www.bbc.co.uk/news/uk-wales-north-east-wales-30117035",
			Headline:   "First two Welsh councils move closer to voluntary merger",
			Summary:    "Conwy and Denbighshire are moving closer to becoming the first Welsh councils to merge as part of the Assembly’s plan of voluntary mergers.",
			Source:     "BBC News",
			Commentary: "In Wales the dominos are possibly beginning to fall in the transition from 22, to 11 councils…",
		},
		{
			ID: 5, Sector: "highway-code",
			URL:        "https://www.computerweekly.com/news/2240234567/East-Renfrewshire-uses-Huddle-to-connect-with-neighbouring-councils",
			Headline:   "East Renfrewshire uses Huddle to connect with neighbouring councils",
			Summary:    "East Renfrewshire Council in Scotland is using Huddle’s cloud-based software to connect with two other Clyde Valley councils as part of its ICT collaboration programme.",
			Source:     "Computer Weekly",
			Commentary: "If you have attended the Highway Code session in the SS(PRAC) programme you will remember the discussion on the potential limitations of SharePoint for collaborative working.",
		},
		{
			ID: 6, Sector: "health",
			URL:      "https://www.hsj.co.uk/news/800m-cambridge-and-peterborough-ccg-procurement-contract-signed/5077551.article",
			Headline: "£800m Cambridge and Peterborough CCG procurement contract signed",
			Summary:  "Cambridgeshire and Peterborough NHS Foundation Trust with Cambridge University Hospitals NHS Foundation Trust have formed a Limited Liability Partnership.",
			Source:   "Health Service Journal",
		},
	}
	return Edition{
		ID: 42, Number: 42, State: EditionPublished,
		Title: Title(testTitleTemplate, date(2014, time.November, 19)),
		Date:  date(2014, time.November, 20),
		Intro: "How would you like to earn £90,000pa as the Director of a Local Government shared service?\n\n" +
			"That is the job advert that came out this week for the MD of CoSocius Ltd, the shared service between Cheshire East and Cheshire West and Chester Councils.\n\n" +
			"With 60% of the cuts yet to come, if you have SSA™ or SS(PRAC)™ on your CV you will certainly be in a better position at interviews.",
		Footer:      "Receive this Shared Service News Summary into your inbox every week. Just register on our website.",
		Sections:    Compose(testSectors, stories),
		PublishedAt: date(2014, time.November, 20),
	}
}

func draftEdition() Edition {
	return Edition{
		ID: 43, State: EditionDraft,
		Title: Title(testTitleTemplate, date(2014, time.November, 26)),
		Date:  date(2014, time.November, 27),
		Intro: "It has been a quiet week, but the item below tells an important story.",
		Sections: Compose(testSectors, []Story{{
			ID: 7, Sector: "blue-light",
			URL:      "https://www.kent.police.uk/news/acc-appointed-to-lead-joint-organised-crime-directorate",
			Headline: "ACC appointed to lead joint organised crime directorate",
			Summary:  "One of the largest specialist organisations for dealing with serious and organised crime in the country will come under new leadership, it has been announced.",
		}}),
		Footer: "Receive this Shared Service News Summary into your inbox every week.",
	}
}

func emptyEdition() Edition {
	return Edition{
		ID: 44, State: EditionDraft,
		Title: Title(testTitleTemplate, date(2014, time.December, 3)),
		Date:  date(2014, time.December, 4),
	}
}

// hostileEdition is full of text that feeds and members could send to
// break out of a format: HTML, Markdown, chat mentions, terminal escapes.
func hostileEdition() Edition {
	stories := []Story{
		{
			ID: 8, Sector: "local-government",
			URL:        "javascript:alert(document.cookie)",
			Headline:   "<script>alert(1)</script> Council *wins* [award](https://evil.example/)",
			Summary:    "A <b>bold</b> claim & a <a href=\"https://evil.example/\">link</a>. <!channel> <!here> <@U024BE7LH> @everyone @here <@&123> <#C123|general>",
			Source:     "</p><img src=x onerror=alert(1)>",
			Commentary: "# Not a heading\n- not a list\n1. not a list either\n> not a quote\n    not code\n`code` ~~strike~~ ||spoiler|| __under__ _em_ \\ escaped",
		},
		{
			ID: 9, Sector: "local-government",
			URL:      "https://example.org/reports/a (b)/c?q=x y&r=<z>",
			Headline: "Report (2014) [draft]\nsecond line",
			Summary:  "Summary with\x1b[31m an ANSI escape\x1b[0m, a bidi \u202Eoverride\u202C and a NUL\x00.",
			Source:   "Evil <Corp> & \"Sons\"",
		},
		{
			ID: 10, Sector: "<i>sport</i>",
			URL:      "data:text/html,<script>alert(1)</script>",
			Headline: "Unconfigured sector with a data: link",
			Summary:  "************\nA fake section rule inside a summary.",
		},
	}
	return Edition{
		ID: 45, Number: 45, State: EditionPublished,
		Title:    Title("<b>Title</b> *with* [markup](https://evil.example/) <!everyone> from {date}", date(2014, time.December, 10)),
		Date:     date(2014, time.December, 11),
		Intro:    "Hello <!channel> and @everyone.\n\n<img src=x onerror=alert(1)>\x07",
		Footer:   "[Unsubscribe](javascript:alert(1)) <script>steal()</script>",
		Sections: Compose(testSectors, stories),
	}
}

// importedEdition is laid out as a past edition imported from its plain
// text: a lead story under the intro, headings as written, a story with
// text after it, a section with text and no story, stories without links,
// and the edition's own footer.
func importedEdition() Edition {
	health, _ := testSectors.Lookup("health")
	other, _ := testSectors.Lookup("other")
	return Edition{
		ID: 46, Number: 3, State: EditionPublished,
		Title: "News Summary of Collaboration and Shared Services from 9th July 2014",
		Date:  date(2014, time.July, 10),
		Intro: "Hi everyone,\n\nA short one this week.",
		Lead: []Story{{
			ID: 20, Sector: "local-government", URL: "urn:sharednews:archive:2014-07-10:aaaaaaaaaaaa",
			Headline: "Council mergers: Poor services 'letting people down'",
			Summary:  "People are being \"let down\" by poor public services.",
		}},
		Sections: []Section{
			{Sector: health, Heading: "Social care", Stories: []Story{{
				ID: 21, Sector: "health", URL: "urn:sharednews:archive:2014-07-10:bbbbbbbbbbbb",
				Headline:   "The social care sector must pull together to address the funding crisis",
				Summary:    "No-one who works in care services would have been surprised.\nThe LGA told us on Monday that care was at \"make or break point\".",
				Commentary: "To complement that theme…",
				Afterword:  "Me? I would invest in prevention.",
			}}},
			{Sector: other, Heading: "Jobs", Text: "Director of Shared Services, £90,000\nApply by 1 December."},
		},
		Footer: "Receive this Shared Service News Summary into your inbox every week. Just register on our website.",
	}
}

var goldenEditions = []struct {
	name    string
	edition func() Edition
}{
	{"published", publishedEdition},
	{"imported", importedEdition},
	{"draft", draftEdition},
	{"empty", emptyEdition},
	{"hostile", hostileEdition},
}

var renderers = []struct {
	ext    string
	render func(Edition) (string, error)
}{
	{"txt", func(e Edition) (string, error) { return RenderText(e), nil }},
	{"md", func(e Edition) (string, error) { return RenderMarkdown(e), nil }},
	{"html", RenderHTML},
}

func TestRenderGolden(t *testing.T) {
	for _, ed := range goldenEditions {
		for _, r := range renderers {
			name := ed.name + "." + r.ext
			t.Run(name, func(t *testing.T) {
				got, err := r.render(ed.edition())
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", "golden", name+".golden")
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("%s differs from %s (run go test -update if the change is intended):\n%s", name, path, firstDifference(string(want), got))
				}
			})
		}
	}
}

// firstDifference shows the first line where want and got part ways.
func firstDifference(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\nwant " + strconv.Quote(w) + "\n got " + strconv.Quote(g)
		}
	}
	return "(no line differs)"
}

func TestRenderDraftAndNumber(t *testing.T) {
	for _, r := range renderers {
		t.Run(r.ext, func(t *testing.T) {
			draft, err := r.render(draftEdition())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(draft, DraftBanner) {
				t.Errorf("draft does not say it is a draft:\n%s", draft)
			}
			if strings.Contains(draft, "Edition ") {
				t.Errorf("draft shows an edition number:\n%s", draft)
			}
			published, err := r.render(publishedEdition())
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(published, "DRAFT") {
				t.Errorf("published edition says DRAFT")
			}
			// Plain text reads as the newsletter did, which never numbered
			// its editions; the other formats name the number.
			if hasNumber := strings.Contains(published, "Edition 42"); hasNumber != (r.ext != "txt") {
				t.Errorf("published edition shows its number: %v, want %v", hasNumber, r.ext != "txt")
			}
			// An edition with no state is not published yet.
			unknown := publishedEdition()
			unknown.State = ""
			out, err := r.render(unknown)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out, DraftBanner) {
				t.Errorf("edition without a state is not marked as a draft")
			}
			empty, err := r.render(emptyEdition())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(empty, EmptyNotice) {
				t.Errorf("empty edition does not say so:\n%s", empty)
			}
			// A published edition of text alone, imported from the back
			// catalogue, reads as written: "No stories yet." is the
			// draft's.
			imported := emptyEdition()
			imported.State, imported.Number, imported.Intro = EditionPublished, 3, "No stories this week: we are on leave."
			out, err = r.render(imported)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(out, EmptyNotice) || !strings.Contains(out, "we are on leave") {
				t.Errorf("published edition of text alone:\n%s", out)
			}
		})
	}
}

func TestRenderOrder(t *testing.T) {
	// Intro, then sections in sector order with commentary before each
	// headline, summary and source; footer last.
	e := publishedEdition()
	for _, r := range renderers {
		t.Run(r.ext, func(t *testing.T) {
			out, err := r.render(e)
			if err != nil {
				t.Fatal(err)
			}
			order := []string{
				"Thursday 20 November 2014",
				"from 19th November 2014",
				"How would you like to earn",
				"Local Government",
				"The Transformation and Innovation Fund",
				"Gloucester councils propose",
				"Local authorities in Gloucester",
				"BBC News",
				"Fresh plans to",
				"In Wales the dominos",
				"First two Welsh councils",
				"Health &", // "&amp;" in HTML
				"Language is key",
				"worth scanning",
				"Without better finance partnership",
				"£800m Cambridge",
				"Health Service Journal",
				"Highway Code",
				"East Renfrewshire uses Huddle",
				"Computer Weekly",
				"Receive this Shared Service News Summary",
			}
			at := 0
			for _, want := range order {
				i := strings.Index(out[at:], want)
				if i < 0 {
					t.Fatalf("%q missing or out of order after byte %d:\n%s", want, at, out)
				}
				at += i + len(want)
			}
		})
	}
}

func TestRenderHTMLEscapes(t *testing.T) {
	out, err := RenderHTML(hostileEdition())
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		"<script>", "<b>bold</b>", "<img", "<a href=\"https://evil.example/\">link</a>",
		`href="javascript:`, `href="data:`, "ZgotmplZ", "<i>sport</i>", "\x1b", "\u202E", "\x00", "\x07",
	} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
	for _, good := range []string{
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		"&lt;b&gt;bold&lt;/b&gt;",
		"&lt;i&gt;sport&lt;/i&gt;",
		`<a href="https://example.org/reports/a%20%28b%29/c?q=x%20y&amp;r=%3cz%3e">`,
	} {
		if !strings.Contains(out, good) {
			t.Errorf("HTML lacks %q", good)
		}
	}
	// Only http(s) stories are links, headline and "Read more >>>": one
	// story of three here; and a web address written in text is a link to
	// itself, never to text that hides it: the hostile summary's, once.
	if n := strings.Count(out, "<a href="); n != 3 {
		t.Errorf("HTML has %d links, want 3", n)
	}
	if !strings.Contains(out, `&lt;a href=&#34;<a href="https://evil.example/">https://evil.example/</a>&#34;&gt;link&lt;/a&gt;`) {
		t.Errorf("the address in the hostile summary's text is not a link to itself:\n%s", out)
	}
	if !strings.HasPrefix(out, "<!DOCTYPE html>") || !strings.HasSuffix(out, "</html>\n") {
		t.Errorf("HTML is not a complete document")
	}
}

func TestRenderMarkdownEscapes(t *testing.T) {
	out := RenderMarkdown(hostileEdition())
	// The only links are the ones the renderer made: the headline and
	// "Read more >>>" of the story with an http(s) URL. Any other unescaped
	// "[" or "<" would let text make its own.
	if n := countUnescaped(out, '['); n != 2 {
		t.Errorf("Markdown has %d unescaped '[', want 2:\n%s", n, out)
	}
	if n := countUnescaped(out, '<'); n != 0 {
		t.Errorf("Markdown has %d unescaped '<':\n%s", n, out)
	}
	if i := strings.Index(out, "[Report"); i < 0 || countUnescaped(out[:i], '[') != 0 {
		t.Errorf("the only link is not the http(s) headline:\n%s", out)
	}
	for _, bad := range []string{"\x1b", "\u202E", "\x00"} {
		if strings.Contains(out, bad) {
			t.Errorf("Markdown contains %q", bad)
		}
	}
	want := "[Report (2014) \\[draft\\] second line](https://example.org/reports/a%20%28b%29/c?q=x%20y&r=%3Cz%3E)"
	if !strings.Contains(out, want) {
		t.Errorf("Markdown lacks safe link %q:\n%s", want, out)
	}
	for _, line := range strings.Split(out, "\n") {
		for _, start := range []string{"# Not", "- not", "1. not", "> not", "    "} {
			if strings.HasPrefix(line, start) {
				t.Errorf("line %q starts a Markdown block", line)
			}
		}
	}
	if !strings.Contains(out, "\\`code\\` \\~\\~strike\\~\\~ \\|\\|spoiler\\|\\| \\_\\_under\\_\\_ \\_em\\_ \\\\ escaped") {
		t.Errorf("inline markup not escaped:\n%s", out)
	}
}

// countUnescaped counts the bytes c in s not preceded by an odd number of
// backslashes.
func countUnescaped(s string, c byte) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] != c {
			continue
		}
		slashes := 0
		for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
			slashes++
		}
		if slashes%2 == 0 {
			n++
		}
	}
	return n
}

func TestRenderTextIsClean(t *testing.T) {
	out := RenderText(hostileEdition())
	// Plain text has no markup to inject, but a terminal obeys escape
	// sequences and bidi overrides make text read differently.
	for _, bad := range []string{"\x1b", "\u202E", "\x00", "\x07"} {
		if strings.Contains(out, bad) {
			t.Errorf("text contains %q", bad)
		}
	}
	// Headlines are one line, so a story cannot fake a headline.
	if !strings.Contains(out, "Report (2014) [draft] second line\n") {
		t.Errorf("headline not joined into one line:\n%s", out)
	}
	// Only the renderer draws section rules: two sections, two rules.
	if n := strings.Count(out, SectionRule); n != 2 {
		t.Errorf("text has %d section rules, want 2:\n%s", n, out)
	}
	// A link that is not http(s) is not offered to the reader.
	for _, bad := range []string{"javascript:alert(document.cookie)", "data:text/html"} {
		if strings.Contains(out, bad) {
			t.Errorf("text offers %q as a link", bad)
		}
	}
	if !strings.Contains(out, "Read more >>> https://example.org/reports/a%20(b)/c?q=x%20y&r=%3Cz%3E\n") {
		t.Errorf("link with spaces not encoded:\n%s", out)
	}
}

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words, 60% of £5m.", "plain words, 60% of £5m."},
		{"Health & Social Care", "Health & Social Care"},
		{"*bold* _em_ `code`", "\\*bold\\* \\_em\\_ \\`code\\`"},
		{"[text](https://x.example/)", "\\[text\\](https://x.example/)"},
		{"<https://x.example/>", "\\<https://x.example/\\>"},
		{"# heading", "\\# heading"},
		{"C# and F#", "C# and F#"},
		{"- item", "\\- item"},
		{"co-operation", "co-operation"},
		{"+ item", "\\+ item"},
		{"===", "\\==="},
		{"2014. A year", "2014\\. A year"},
		{"1) first", "1\\) first"},
		{"in 2014. Then", "in 2014. Then"},
		{"> quote", "\\> quote"},
		{"    indented", "indented"},
		{"a\\b", "a\\\\b"},
		{"~~x~~ ||y||", "\\~\\~x\\~\\~ \\|\\|y\\|\\|"},
	}
	for _, tt := range tests {
		if got := escapeMarkdown(tt.in); got != tt.want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanTextAndParagraphs(t *testing.T) {
	got := paragraphs("  First line\r\nsame paragraph  \r\n\r\n\n Second\x1b[0m\u202E.\t\n \n")
	want := [][]string{{"First line", "same paragraph"}, {" Second."}} // the whole escape sequence goes, not just its ESC
	if len(got) != len(want) {
		t.Fatalf("paragraphs = %q", got)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("paragraph %d = %q, want %q", i, got[i], want[i])
		}
	}
	if got := OneLine(" a\n b\t\tc "); got != "a b c" {
		t.Errorf("oneLine = %q", got)
	}
	if got := CleanText("bad \xff utf8"); got != "bad \uFFFD utf8" {
		t.Errorf("cleanText = %q", got)
	}
}

func TestLinkURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.org/":            "https://example.org/",
		"http://example.org/a?b=c":        "http://example.org/a?b=c",
		"javascript:alert(1)":             "",
		"JavaScript:alert(1)":             "",
		" javascript:alert(1)":            "",
		"data:text/html,<b>":              "",
		"vbscript:x":                      "",
		"//example.org/":                  "",
		"/relative":                       "",
		"https:///nohost":                 "",
		"mailto:editor@example.org":       "",
		"ftp://example.org/file":          "",
		"":                                "",
		"https://example.org/\x00":        "",
		"HTTPS://EXAMPLE.ORG/upper-case/": "HTTPS://EXAMPLE.ORG/upper-case/",
	} {
		if got := linkURL(in); got != want {
			t.Errorf("linkURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRenderHTMLConcurrent(t *testing.T) {
	// The template is shared; rendering from many goroutines must be safe
	// (run with -race).
	done := make(chan string)
	for range 8 {
		go func() {
			out, _ := RenderHTML(publishedEdition())
			done <- out
		}()
	}
	first := <-done
	for range 7 {
		if out := <-done; out != first {
			t.Error("concurrent renders differ")
		}
	}
}

// TestRenderMarkdownKeepsTheEditorsLineBreaks: a line the editor broke
// inside a paragraph (a headline kept in the intro over its text, a job
// advert's lines, a summary over two lines) is a line of its own in every
// format. In Markdown a bare newline inside a paragraph is a soft break,
// which CommonMark readers show as a space, so the lines ran together
// there alone; each now ends in a hard break (two spaces), which Discord
// shows as the newline it already is.
func TestRenderMarkdownKeepsTheEditorsLineBreaks(t *testing.T) {
	health, _ := testSectors.Lookup("health")
	e := Edition{
		Number: 4, State: EditionPublished, Title: "Title", Date: date(2014, time.May, 21),
		Intro: "Hi everyone,\n\nBreak on Through: Overcoming Barriers\nService integration is the game in town.",
		Sections: []Section{{Sector: health, Heading: "Jobs", Text: "Director of Shared Services\nApply by 1 December.",
			Stories: []Story{{
				Sector: "health", URL: "https://www.example.org/a", Headline: "Headline",
				Summary:    "First line of the summary.\nSecond line.",
				Commentary: "Two lines\nof commentary.",
				Afterword:  "Two lines\nafter it.",
			}}}},
		Footer: "Receive this every week.\nJust register on our website.",
	}
	out := RenderMarkdown(e)
	for _, pair := range [][2]string{
		{"Break on Through: Overcoming Barriers", "Service integration is the game in town."},
		{"Director of Shared Services", "Apply by 1 December."},
		{"First line of the summary.", "Second line."},
		{"*Two lines", "of commentary.*"},
		{"*Two lines", "after it.*"},
		{"Receive this every week.", "Just register on our website."},
	} {
		if want := pair[0] + "  \n" + pair[1]; !strings.Contains(out, want) {
			t.Errorf("Markdown lacks the hard line break in %q:\n%s", want, out)
		}
	}
	// A paragraph's last line (and a paragraph of one line) ends bare.
	lines := strings.Split(out, "\n")
	for i, line := range lines {
		if strings.HasSuffix(line, " ") && (i+1 == len(lines) || lines[i+1] == "") {
			t.Errorf("the last line of a paragraph, %q, ends in spaces", line)
		}
	}
}
