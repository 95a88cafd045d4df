package archive

import (
	"regexp"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

func TestStoryURLIsStableAndIgnoresSpellingOfSpaceAndPunctuation(t *testing.T) {
	d := time.Date(2014, 5, 30, 0, 0, 0, 0, time.UTC)
	u := StoryURL(d, "We won't be sharing a boss with Malvern and Wychavon")
	if !regexp.MustCompile(`^urn:sharednews:archive:2014-05-30:[0-9a-f]{12}$`).MatchString(u) {
		t.Fatalf("StoryURL = %q", u)
	}
	if got := StoryURL(d, "  WE WON’T be sharing a boss, with Malvern and Wychavon!"); got != u {
		t.Errorf("re-typed headline: %q, want %q", got, u)
	}
	if got := StoryURL(d.AddDate(0, 0, -9), "We won't be sharing a boss with Malvern and Wychavon"); got == u {
		t.Error("another edition's date gives the same key")
	}
	if got := StoryURL(d, "We will be sharing a boss with Malvern and Wychavon"); got == u {
		t.Error("another headline gives the same key")
	}
	// The renderers must not link it.
	e := digest.Edition{State: digest.EditionPublished, Number: 1, Date: d, Title: "T",
		Sections: []digest.Section{{Sector: digest.Sector{Slug: "health", Name: "Health"},
			Stories: []digest.Story{{URL: u, Headline: "H", Summary: "S"}}}}}
	html, err := digest.RenderHTML(e)
	if err != nil {
		t.Fatal(err)
	}
	for format, out := range map[string]string{"text": digest.RenderText(e), "markdown": digest.RenderMarkdown(e), "html": html} {
		if regexp.MustCompile(`urn:|Read more >>> |Read more \\>|Read more &gt;`).MatchString(out) {
			t.Errorf("%s links the archive key:\n%s", format, out)
		}
	}
}

func TestEditionForTheStore(t *testing.T) {
	eds := mustParse(t,
		"Thursday 20 November 2014", "Title", "Intro.",
		"************", "Social care",
		"Comment.", "Same headline", "First. Read more >>>",
		"Same headline", "Second. Read more >>>", "After.",
		"************", "Housing", "Other headline", "Third. Read more >>>",
	)
	e := eds[0].Edition()
	if e.State != digest.EditionPublished || e.Number != 0 || e.Title != "Title" || e.Intro != "Intro." || e.Footer != "" ||
		!e.Date.Equal(time.Date(2014, 11, 20, 0, 0, 0, 0, time.UTC)) || len(e.Sections) != 2 || e.StoryCount() != 3 {
		t.Fatalf("edition %+v", e)
	}
	s1, s2 := e.Sections[0].Stories[0], e.Sections[0].Stories[1]
	if e.Sections[0].Sector.Name != "Health & Social Care" || s1.Sector != "health" || e.Sections[1].Stories[0].Sector != "housing" {
		t.Errorf("sectors %+v", e.Sections)
	}
	if s2.URL != s1.URL+"-2" || s1.URL != StoryURL(e.Date, "Same headline") {
		t.Errorf("URLs %q, %q", s1.URL, s2.URL)
	}
	if s1.Commentary != "Comment." || s2.Commentary != "" || s2.Afterword != "After." || s2.Summary != "Second." {
		t.Errorf("stories %+v / %+v", s1, s2)
	}
	if s1.State != digest.StatePublished || !s1.DecidedAt.Equal(e.Date) {
		t.Errorf("story state %s decided %s", s1.State, s1.DecidedAt)
	}
}

// TestEditionKeepsALinkTwoStoriesShare: two stories of one edition whose
// "Read more >>>" point at the same page (one council's press release
// covering two items) both keep the link, as a link repeated across
// editions does; the store gives the second a key of its own. The second
// had been given an archive key, so every format showed it unlinked.
func TestEditionKeepsALinkTwoStoriesShare(t *testing.T) {
	eds := mustParse(t,
		"Thursday 20 November 2014", "Title", "Intro.",
		"************", "Highway Code",
		"Councils share a data centre", "Three councils move their servers. Read more >>> https://www.example.org/news/ict",
		"Councils share a help desk", "The same three answer calls together. Read more >>> https://www.example.org/news/ict",
		"Councils share a printer", "No link for this one. Read more >>>",
	)
	stories := eds[0].Edition().Sections[0].Stories
	if len(stories) != 3 {
		t.Fatalf("%d stories, want 3", len(stories))
	}
	for i, want := range []string{"https://www.example.org/news/ict", "https://www.example.org/news/ict", StoryURL(eds[0].Date, "Councils share a printer")} {
		if stories[i].URL != want {
			t.Errorf("story %d (%q): URL %q, want %q", i+1, stories[i].Headline, stories[i].URL, want)
		}
	}
}
