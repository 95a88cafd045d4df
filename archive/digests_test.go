package archive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// realDigests are the newsletters Shared News replaces, beside the
// repository (the project's shared test data).
const realDigests = "../../shared/testdata/digests"

func parseRealFile(t *testing.T, name string) []ParsedEdition {
	t.Helper()
	f, err := os.Open(filepath.Join(realDigests, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pf, err := Parser{Sectors: shippedSectors(t)}.ParseFile(name, f)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	if len(pf.Refused) > 0 || len(pf.Warnings) > 0 {
		t.Errorf("%s: refused %v, warnings %v", name, pf.Refused, pf.Warnings)
	}
	return pf.Editions
}

type wantSection struct {
	heading string
	sector  string
	stories int
}

type wantEdition struct {
	line     int // of the date line
	date     string
	title    string
	sections []wantSection
	warnings []string // each a substring of one warning, in order
}

// realDigestCounts is what a person reading each file counts: editions in
// the order of the file, and per edition its sections and stories (a story
// is a headline with a summary ending in "Read more >>>"). None of them
// has a lead story: each first story is under a heading.
var realDigestCounts = map[string][]wantEdition{
	"2014-05-newsletter.txt": {
		{line: 1, date: "2014-05-30", title: "News Summary of Collaboration and Shared Services from 28th May 2014",
			sections: []wantSection{{"Local Government", "local-government", 3}}}, // heading without a rule
		{line: 32, date: "2014-05-21", title: "News Summary of Collaboration and Shared Services from 21st May 2014",
			sections: []wantSection{
				{"Health & Social Care", "health", 2},
				{"Further/Higher Education", "education", 1},
			}},
		{line: 85, date: "2014-05-15", title: "News Summary of Collaboration and Shared Services from 14th May 2014",
			sections: []wantSection{
				{"Private Sector Collaborations", "private-sector", 1},
				{"Further/Higher Education", "education", 1},
				{"Local Government", "local-government", 1},
				{"Blue Light Services", "blue-light", 1},
				{"Collaborative Leadership", "leadership", 1},
			}},
	},
	"2014-07-10-newsletter.txt": {
		{line: 1, date: "2014-07-10", title: "News Summary of Collaboration and Shared Services from 9th July 2014",
			sections: []wantSection{
				{"Local Government", "local-government", 3}, // straight after the title, no rule, no intro
				{"Blue lights service", "blue-light", 1},    // a variant: did-you-mean
				{"Social care", "health", 1},                // an alias
			},
			warnings: []string{`28: section heading "Blue lights service" is not a configured sector; read as the closest one, Blue Light Services (blue-light)`}},
	},
	"2014-11-20-newsletter.txt": {
		{line: 1, date: "2014-11-20", title: "News Summary of Collaboration and Shared Services from 19th November 2014",
			sections: []wantSection{
				{"Local Government", "local-government", 4},
				{"Highway Code", "highway-code", 2},
				{"Health", "health", 2}, // the slug
			}},
	},
}

func TestParseRealDigestCounts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(realDigests, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no real digests in %s", realDigests)
	}
	for _, path := range files {
		name := filepath.Base(path)
		want, ok := realDigestCounts[name]
		if !ok {
			t.Errorf("%s: no expected counts; read the file and add them to realDigestCounts", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			eds := parseRealFile(t, name)
			if len(eds) != len(want) {
				t.Fatalf("%d editions, want %d", len(eds), len(want))
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			total := 0
			for i, e := range eds {
				w := want[i]
				if got := e.Date.Format("2006-01-02"); got != w.date || e.Line != w.line || e.Title != w.title {
					t.Errorf("edition %d: line %d, date %s, title %q; want line %d, %s, %q", i, e.Line, got, e.Title, w.line, w.date, w.title)
				}
				if len(e.Sections) != len(w.sections) {
					t.Errorf("%s: %d sections, want %d", w.date, len(e.Sections), len(w.sections))
					continue
				}
				for j, s := range e.Sections {
					ws := w.sections[j]
					if s.Heading != ws.heading || s.Sector.Slug != ws.sector || len(s.Stories) != ws.stories {
						t.Errorf("%s section %d: %q → %s with %d stories; want %q → %s with %d",
							w.date, j, s.Heading, s.Sector.Slug, len(s.Stories), ws.heading, ws.sector, ws.stories)
					}
				}
				if len(e.Lead) != 0 || e.Footer != "Receive this Shared Service News Summary into your inbox every week. Just register on our website." {
					t.Errorf("%s: lead %v, footer %q", w.date, e.Lead, e.Footer)
				}
				if len(e.Warnings) != len(w.warnings) {
					t.Errorf("%s: warnings %v, want %d", w.date, e.Warnings, len(w.warnings))
				} else {
					for j, warn := range e.Warnings {
						if !strings.Contains(warn.String(), w.warnings[j]) {
							t.Errorf("%s: warning %q, want %q", w.date, warn, w.warnings[j])
						}
					}
				}
				total += e.StoryCount()
			}
			// Every "Read more >>>" in the file is exactly one story.
			if markers := strings.Count(string(data), digest.ReadMore); total != markers {
				t.Errorf("%d stories, but the file has %d %q", total, markers, digest.ReadMore)
			}
		})
	}
}

// findStory returns the story of eds with the headline, or fails.
func findStory(t *testing.T, eds []ParsedEdition, headline string) (ParsedEdition, ParsedSection, ParsedStory) {
	t.Helper()
	for _, e := range eds {
		for _, s := range e.Sections {
			for _, st := range s.Stories {
				if st.Headline == headline {
					return e, s, st
				}
			}
		}
	}
	t.Fatalf("no story %q", headline)
	return ParsedEdition{}, ParsedSection{}, ParsedStory{}
}

func TestParseRealDigestStories(t *testing.T) {
	for _, tc := range []struct {
		file, headline     string
		line               int
		sector             string
		summary            string
		commentaryStarts   string // "" for none
		commentaryParas    int
		afterwordStarts    string
		headlineAndSummary bool // on consecutive lines
	}{
		{
			file: "2014-05-newsletter.txt", line: 12, sector: "local-government",
			headline:         "Islington and Camden council chiefs accused of cover-up over plans to merge legal departments",
			summary:          "Leaked documents reveal Islington Council is considering merging with other boroughs in a radical shake-up of how public services are delivered.",
			commentaryStarts: "Tisk, tisk! This article seems to be suggesting", commentaryParas: 1,
		},
		{
			file: "2014-05-newsletter.txt", line: 24, sector: "local-government",
			headline:         "We won't be sharing a boss with Malvern and Wychavon, says Worcester City Council's leadership",
			summary:          "The leader of Worcester City Council has ruled out sharing a chief executive with Malvern and Wychavon - saying he does not want to get involved in the surprise talks.",
			commentaryStarts: "This is a bit of a non-story", commentaryParas: 1,
		},
		{
			file: "2014-05-newsletter.txt", line: 60, sector: "health",
			headline:         "NHS: Authorities using funds to keep services afloat rather than transform (Report)",
			summary:          "A new report from the health policy consultancy MHP Health, reveals that local authorities are using funds from the NHS to keep existing social care services afloat, rather than transforming services and delivering more integrated care.",
			commentaryStarts: "Here is more evidence that social care", commentaryParas: 1,
		},
		{
			file: "2014-05-newsletter.txt", line: 64, sector: "health",
			headline: "Pioneering integrated project could expand across UK",
			summary:  "A pioneering integrated care project for people with long-term conditions based in west Cornwall could be rolled out across the UK.",
		},
		{
			file: "2014-05-newsletter.txt", line: 101, sector: "private-sector",
			headline:         "When firms get together: The secret of success",
			summary:          `When two people decide to get married, they vow to stick together - "for better, for worse, for richer, for poorer". Basically, as those vows acknowledge, marriage is tough and it takes two to make a partnership work. When it comes to company mergers it's no different.`,
			commentaryStarts: "One of the most quoted stats", commentaryParas: 1,
			afterwordStarts: "It evidences that the collaboration skills we teach",
		},
		{
			file: "2014-05-newsletter.txt", line: 133, sector: "blue-light",
			headline: "ACC appointed to lead joint organised crime directorate",
			// The no-break space in "for dealing" is an ordinary space.
			summary:          "One of the largest specialist organisations for dealing with serious and organised crime in the country will come under new leadership, it has been announced.",
			commentaryStarts: "Kent and Essex Police are one of the leading exponents", commentaryParas: 1,
		},
		{
			file: "2014-07-10-newsletter.txt", line: 17, sector: "local-government",
			headline:         "Right Tier, Right Now",
			summary:          "The future of two tier local government is one of most vexed questions facing the sector as a whole. It is quite clear that the current division of labour between counties and districts is unsustainable for some parts of the country as both tiers struggle to cope with unprecedented budget cuts.",
			commentaryStarts: "So what about England?", commentaryParas: 1,
		},
		{
			file: "2014-07-10-newsletter.txt", line: 32, sector: "blue-light", headlineAndSummary: true,
			headline:         "Fire deaths fall by 5% in past year",
			summary:          "The number of fire deaths in England has fallen by 5% in the past year, according to official figures released by the Office for National Statistics.",
			commentaryStarts: "I was teaching a collaborative leadership day", commentaryParas: 1,
			afterwordStarts: "However, one of the deputy chiefs in the room",
		},
		{
			file: "2014-07-10-newsletter.txt", line: 42, sector: "health",
			headline:         "The social care sector must pull together to address the funding crisis",
			summary:          `No-one who works in care services would have been in the least surprised at the two pieces of news this week. The LGA told us on Monday that care for disabled people was at "make or break point".`,
			commentaryStarts: "To complement that theme", commentaryParas: 1,
		},
		{
			file: "2014-11-20-newsletter.txt", line: 34, sector: "local-government",
			headline: "Shared rubbish collections on course to save Cheltenham, Cotswolds £5m in five years",
			summary:  "Bill Clinton once said “we all do better when we work together” and the proof is for all to see in Cheltenham and the Cotswolds where a deal between councils has saved taxpayers millions.",
		},
		{
			file: "2014-11-20-newsletter.txt", line: 51, sector: "highway-code",
			headline:         "East Renfrewshire uses Huddle to connect with neighbouring councils",
			summary:          "East Renfrewshire Council in Scotland is using Huddle’s cloud-based software to connect with two other Clyde Valley councils as part of its ICT collaboration programme.",
			commentaryStarts: "Here are two snippets of news", commentaryParas: 2,
		},
		{
			file: "2014-11-20-newsletter.txt", line: 68, sector: "health",
			headline:         "£800m Cambridge and Peterborough CCG procurement contract signed",
			summary:          "Cambridgeshire and Peterborough NHS Foundation Trust with Cambridge University Hospitals NHS Foundation Trust have formed a Limited Liability Partnership, UnitingCare Partnership to be the Lead Provider.",
			commentaryStarts: "Language is key to effective collaborative working.", commentaryParas: 2,
		},
	} {
		t.Run(tc.headline, func(t *testing.T) {
			_, sec, st := findStory(t, parseRealFile(t, tc.file), tc.headline)
			if st.Line != tc.line || sec.Sector.Slug != tc.sector {
				t.Errorf("line %d in %s, want line %d in %s", st.Line, sec.Sector.Slug, tc.line, tc.sector)
			}
			if st.Summary != tc.summary {
				t.Errorf("summary\n got %q\nwant %q", st.Summary, tc.summary)
			}
			if !strings.HasPrefix(st.Commentary, tc.commentaryStarts) || (tc.commentaryStarts == "") != (st.Commentary == "") {
				t.Errorf("commentary %q, want it to start %q", st.Commentary, tc.commentaryStarts)
			}
			if paras := len(strings.Split(st.Commentary, "\n\n")); st.Commentary != "" && paras != tc.commentaryParas {
				t.Errorf("commentary has %d paragraphs, want %d: %q", paras, tc.commentaryParas, st.Commentary)
			}
			if !strings.HasPrefix(st.Afterword, tc.afterwordStarts) || (tc.afterwordStarts == "") != (st.Afterword == "") {
				t.Errorf("afterword %q, want it to start %q", st.Afterword, tc.afterwordStarts)
			}
			for _, text := range []string{st.Headline, st.Summary, st.Commentary, st.Afterword} {
				if strings.Contains(text, "\u00a0") || strings.Contains(text, digest.ReadMore) || strings.Contains(text, "  ") {
					t.Errorf("text not cleaned: %q", text)
				}
			}
		})
	}
}

func TestParseRealDigestIntros(t *testing.T) {
	for _, tc := range []struct {
		file, date string
		paras      int
		starts     string
		ends       string
	}{
		{"2014-05-newsletter.txt", "2014-05-30", 1, "It has been a quiet week", "each tell an important story."},
		// The intro quotes a report as a headline and summary, without
		// "Read more >>>": intro, not a story.
		{"2014-05-newsletter.txt", "2014-05-21", 6, "Hi everyone,",
			"Break on Through: Overcoming Barriers to Integration\nService integration is the most exciting game in town for local public services, providing a path to improved outcomes for communities and reductions in the cost of delivery. Government has made it clear that taking forward integrated working must be done locally; but progress and pace of change to date has been slow. Councils and their local partners are facing a series of barriers which are preventing them from acting."},
		{"2014-05-newsletter.txt", "2014-05-15", 3, "Thank you to all those who fed back", "stay in the city for the rest of the weekend?"},
		{"2014-07-10-newsletter.txt", "2014-07-10", 0, "", ""},
		{"2014-11-20-newsletter.txt", "2014-11-20", 5, "How would you like to earn £90,000pa", "renew without paying a fee."},
	} {
		for _, e := range parseRealFile(t, tc.file) {
			if e.Date.Format("2006-01-02") != tc.date {
				continue
			}
			paras := 0
			if e.Intro != "" {
				paras = len(strings.Split(e.Intro, "\n\n"))
			}
			if paras != tc.paras || !strings.HasPrefix(e.Intro, tc.starts) || !strings.HasSuffix(e.Intro, tc.ends) {
				t.Errorf("%s intro (%d paragraphs, want %d):\n%s", tc.date, paras, tc.paras, e.Intro)
			}
		}
	}
}

func TestParseRealDigestsKeepTheFooterAndDropBlogDebris(t *testing.T) {
	for name := range realDigestCounts {
		for _, e := range parseRealFile(t, name) {
			all := []string{e.Intro}
			for _, s := range e.Sections {
				all = append(all, s.Text)
				for _, st := range s.Stories {
					all = append(all, st.Headline, st.Summary, st.Commentary, st.Afterword)
				}
			}
			text := strings.Join(all, "\n")
			for _, notHere := range []string{"Receive this", "No comments", "Post a Comment", "************", digest.ReadMore} {
				if strings.Contains(text, notHere) || strings.Contains(e.Footer, "Post a Comment") || strings.Contains(e.Footer, "No comments") {
					t.Errorf("%s %s: %q is in the text or footer", name, e.Date.Format("2006-01-02"), notHere)
				}
			}
		}
	}
}
