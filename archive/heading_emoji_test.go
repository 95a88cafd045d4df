package archive_test

import (
	"strings"
	"testing"
)

// TestEmojiHeadingsNameTheirSectors: an editor who put an emoji before or
// after each section's heading ("🏛️ Local Government", "Health 🏥",
// "🚒🚓 Blue Light Services") still named the sector exactly. Each was
// read as a heading that names no configured sector, filed by the
// closest name with a warning the editor had to check; now each is the
// sector it names, with no warning, and keeps its emoji as written.
func TestEmojiHeadingsNameTheirSectors(t *testing.T) {
	headings := map[string]string{
		"🏛️ Local Government":           "local-government",
		"Health & Social Care 🏥":        "health",
		"🚒🚓 Blue Light Services":        "blue-light",
		"👩🏽‍🎓 Further/Higher Education": "education",
	}
	for heading, slug := range headings {
		text := "Thursday 10 July 2014\n\nNews Summary of Collaboration and Shared Services from 9th July 2014\n\n" +
			heading + "\n\nDorset councils propose shared working\n\n" +
			"Three Dorset councils are considering sharing a senior management team. Read more >>>\n\n" +
			"Receive this Shared Service News Summary into your inbox every week.\n"
		pf, err := parser(t).ParseFile("edition.txt", strings.NewReader(text))
		if err != nil || len(pf.Editions) != 1 || len(pf.Editions[0].Sections) != 1 {
			t.Errorf("%q: %v %+v", heading, err, pf)
			continue
		}
		sec := pf.Editions[0].Sections[0]
		if sec.Sector.Slug != slug || sec.Heading != heading {
			t.Errorf("%q: read as %q, heading %q", heading, sec.Sector.Slug, sec.Heading)
		}
		for _, w := range append(pf.Warnings, pf.Editions[0].Warnings...) {
			t.Errorf("%q: warning %v", heading, w)
		}
	}
}
