package archive_test

import (
	"strings"
	"testing"
)

// markerEdition is an edition of one section whose only story's summary
// ends as given.
func markerEdition(end string) string {
	return "Thursday 10 July 2014\n\nNews Summary of Collaboration and Shared Services from 9th July 2014\n\n" +
		"Local Government\n\nDorset councils propose shared working\n\n" +
		"Three Dorset councils are considering sharing a senior management team." + end +
		"\n\nReceive this Shared Service News Summary into your inbox every week.\n"
}

// TestAStoryMarkerWrittenOtherwise: editors who did not write "Read more
// >>>" ended a summary with "Full story >>>", "Read the full story" or a
// link labelled "More:", and some put spaces inside the brackets around
// the link ("Read more >>> ( https://… )"). Each was read as the
// editor's text: the edition had no story. Now each is the story, with
// its link; a sentence of the editor's that only mentions the full story
// is still text.
func TestAStoryMarkerWrittenOtherwise(t *testing.T) {
	const summary = "Three Dorset councils are considering sharing a senior management team."
	for _, c := range []struct{ end, link string }{
		{" Full story >>>", ""},
		{" Full Story >>> https://example.org/a", "https://example.org/a"},
		{" Read the full story >>>", ""},
		{" Read the full story", ""},
		{" Read the full story: https://example.org/b", "https://example.org/b"},
		{" More: https://example.org/c", "https://example.org/c"},
		{" Read more >>> ( https://example.org/d )", "https://example.org/d"},
		{" Read more >>> (  https://example.org/e)", "https://example.org/e"},
	} {
		pf, err := parser(t).ParseFile("edition.txt", strings.NewReader(markerEdition(c.end)))
		if err != nil || len(pf.Editions) != 1 || len(pf.Editions[0].Sections) != 1 || len(pf.Editions[0].Sections[0].Stories) != 1 {
			t.Errorf("%q: %v %+v", c.end, err, pf)
			continue
		}
		st := pf.Editions[0].Sections[0].Stories[0]
		if st.Headline != "Dorset councils propose shared working" || st.Summary != summary || st.Link != c.link {
			t.Errorf("%q: read as %q / %q / %q", c.end, st.Headline, st.Summary, st.Link)
		}
	}
	for _, end := range []string{" We will bring you the full story", " We urge you to read the full story", " Read the full story at home"} {
		pf, err := parser(t).ParseFile("edition.txt", strings.NewReader(markerEdition(end)))
		if err != nil || len(pf.Editions) != 1 {
			t.Fatalf("%q: %v %+v", end, err, pf)
		}
		if n := pf.Editions[0].StoryCount(); n != 0 {
			t.Errorf("%q: the editor's sentence read as %d stories", end, n)
		}
	}
}
