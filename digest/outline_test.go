package digest

import (
	"testing"
	"time"
)

// TestOutlineChatTitleAndSubtitle: what chat shows at an edition's top; the
// number only once it is published.
func TestOutlineChatTitleAndSubtitle(t *testing.T) {
	date := time.Date(2014, 11, 20, 0, 0, 0, 0, time.UTC)
	published := Edition{Title: " Shared\nNews  weekly ", Date: date, Number: 42, State: EditionPublished}
	if got := published.Outline().ChatTitle(); got != "Shared News weekly" {
		t.Errorf("ChatTitle = %q", got)
	}
	if got := (Edition{}).Outline().ChatTitle(); got != "Edition" {
		t.Errorf("ChatTitle of an untitled edition = %q", got)
	}
	if got := (Edition{Date: date, Number: 7, State: EditionPublished}).Outline().ChatTitle(); got != "Edition 7" {
		t.Errorf("ChatTitle of an untitled published edition = %q", got)
	}
	if got := published.Outline().Subtitle(); got != "Thursday 20 November 2014 · Edition 42" {
		t.Errorf("Subtitle(published) = %q", got)
	}
	if got := (Edition{Date: date, Number: 43}).Outline().Subtitle(); got != "Thursday 20 November 2014" {
		t.Errorf("Subtitle(draft) = %q", got)
	}
	if got := (Edition{}).Outline().Subtitle(); got != "" {
		t.Errorf("Subtitle of nothing = %q", got)
	}
}

// TestStoryOutline: what a story shows, decided once for every renderer:
// its name falls back to its URL or key, only an http(s) URL links, and
// "Read more >>>" ends the summary's last paragraph or stands alone.
func TestStoryOutline(t *testing.T) {
	o := Story{Headline: " A\nheadline ", URL: " https://example.org/a ", Summary: "One.\n\nTwo,\nthree.", Source: "BBC\tNews"}.Outline()
	if o.Headline != "A headline" || o.Name != "A headline" || o.URL != "https://example.org/a" || o.Source != "BBC News" {
		t.Errorf("outline = %+v", o)
	}
	got := o.LinkedSummary()
	if len(got) != 2 || got[0].More != "" || got[1].More != o.URL || got[1].Lines.Text() != "Two,\nthree." {
		t.Errorf("LinkedSummary = %+v", got)
	}
	key := Story{URL: "urn:sharednews:2014-11-20:3"}.Outline()
	if key.Name != "urn:sharednews:2014-11-20:3" || key.URL != "" || len(key.LinkedSummary()) != 0 {
		t.Errorf("a story with a key and no headline: %+v, %+v", key, key.LinkedSummary())
	}
	bare := Story{URL: "https://example.org/b"}.Outline().LinkedSummary()
	if len(bare) != 1 || bare[0].Lines != nil || bare[0].More != "https://example.org/b" {
		t.Errorf("a linked story without a summary: %+v", bare)
	}
}

// TestOutlineSections: every section is kept in order, and one with
// nothing of its own to show says so.
func TestOutlineSections(t *testing.T) {
	e := Edition{Sections: []Section{
		{Sector: Sector{Slug: "health", Name: "Health"}},
		{Sector: Sector{Slug: "jobs", Name: "Jobs"}, Text: "Two posts."},
		{Sector: Sector{Slug: "gone"}, Stories: []Story{{Headline: "H"}}},
	}}
	o := e.Outline()
	if len(o.Sections) != 3 || !o.Sections[0].Blank() || o.Sections[1].Blank() || o.Sections[2].Blank() {
		t.Fatalf("sections = %+v", o.Sections)
	}
	if o.Sections[2].Heading != "gone" || o.Sections[2].Sector != "gone" || o.Empty {
		t.Errorf("sections = %+v, empty %v", o.Sections, o.Empty)
	}
}
