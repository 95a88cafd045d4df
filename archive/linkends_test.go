package archive

import (
	"strings"
	"testing"
)

// TestLinkWrittenForReadMore reads an edition whose editor wrote each
// story's address where "Read more >>>" goes, after the summary or on the
// line under it: each is a story with that link (before, the edition was
// imported as text alone), the warning says how they were read, and a
// paragraph ending in a link under running text stays the editor's text,
// with no warning of its own.
func TestLinkWrittenForReadMore(t *testing.T) {
	eds := mustParse(t,
		"Thursday 10 July 2014", "News Summary from 9th July 2014", "",
		"Our course dates for the autumn are out. Book at https://example.org/courses", "",
		"Local Government", "",
		"Dorset councils propose shared working", "",
		"Three Dorset councils are considering sharing a senior team. https://example.org/dorset", "",
		"Fire deaths fall by 5% in past year", "",
		"The number of fire deaths in England has fallen by 5%,", "according to official figures.", "https://example.org/fire", "",
		"Receive this Shared Service News Summary into your inbox every week.")
	want := `title: News Summary from 9th July 2014
intro: "Our course dates for the autumn are out. Book at https://example.org/courses"
# Local Government (local-government) unruled
  story: Dorset councils propose shared working | "Three Dorset councils are considering sharing a senior team." <https://example.org/dorset>
  story: Fire deaths fall by 5% in past year | "The number of fire deaths in England has fallen by 5%,\naccording to official figures." <https://example.org/fire>
footer: "Receive this Shared Service News Summary into your inbox every week."
`
	if got := outline(eds[0]); got != want {
		t.Errorf("read as\n%s\nwant\n%s", got, want)
	}
	if w := warnings(eds[0]); !strings.Contains(w, `1: no line of the edition of Thursday 10 July 2014 ends in "Read more >>>": its stories are read as the paragraphs that end in a link`) ||
		strings.Count(w, "\n") != 0 {
		t.Errorf("warnings:\n%s", w)
	}
}

// TestLinkEndingTextBesideReadMore: in an edition whose stories end in
// "Read more >>>", a paragraph ending in a link under a short line is the
// editor's text, as it always was: the marker is that edition's way of
// ending a story.
func TestLinkEndingTextBesideReadMore(t *testing.T) {
	eds := mustParse(t,
		"Thursday 10 July 2014", "News Summary from 9th July 2014", "",
		"Local Government", "",
		"Dorset councils propose shared working", "",
		"Three Dorset councils are considering sharing a senior team. Read more >>>", "",
		"Our courses", "",
		"The autumn dates are out: book at https://example.org/courses", "",
		"Receive this Shared Service News Summary into your inbox every week.")
	want := `title: News Summary from 9th July 2014
# Local Government (local-government) unruled
  story: Dorset councils propose shared working | "Three Dorset councils are considering sharing a senior team."
  after: "Our courses\n\nThe autumn dates are out: book at https://example.org/courses"
footer: "Receive this Shared Service News Summary into your inbox every week."
`
	if got := outline(eds[0]); got != want {
		t.Errorf("read as\n%s\nwant\n%s", got, want)
	}
}

// TestDatedNotesWithLinksAreNoEdition: a file that starts with a date and
// whose paragraphs end in links, but has no title of the newsletter and
// no "Read more >>>" (meeting notes, a reading list), is not the
// newsletter: it is refused whole, naming its first line, as it was
// before paragraphs ending in a link could be read as stories.
func TestDatedNotesWithLinksAreNoEdition(t *testing.T) {
	_, err := parseText(t, strings.Join([]string{
		"Monday 3 March 2014", "",
		"Partnership board", "",
		"Agenda and papers", "",
		"The papers for the meeting are on the intranet https://example.org/papers", "",
		"Minutes", "",
		"Last month's minutes were agreed. https://example.org/minutes",
	}, "\n"))
	if err == nil || !strings.Contains(err.Error(), "news.txt:1: no edition found") {
		t.Errorf("error %v, want the file refused as no edition", err)
	}
}

// TestTwoLinksEndingASummary: in an edition read with linkEnds, a summary
// that ends in two links gets the first as its story's link, keeps the
// other as text under it, and the warning says so without naming a
// "Read more >>>" the edition does not have.
func TestTwoLinksEndingASummary(t *testing.T) {
	eds := mustParse(t,
		"Thursday 10 July 2014", "News Summary from 9th July 2014", "",
		"Local Government", "",
		"Dorset councils propose shared working", "",
		"Three Dorset councils are considering sharing a senior team. https://example.org/dorset https://example.org/dorset-report", "",
		"Receive this Shared Service News Summary into your inbox every week.")
	want := `title: News Summary from 9th July 2014
# Local Government (local-government) unruled
  story: Dorset councils propose shared working | "Three Dorset councils are considering sharing a senior team." <https://example.org/dorset>
  after: "https://example.org/dorset-report"
footer: "Receive this Shared Service News Summary into your inbox every week."
`
	if got := outline(eds[0]); got != want {
		t.Errorf("read as\n%s\nwant\n%s", got, want)
	}
	if w := warnings(eds[0]); !strings.Contains(w, "8: 2 links end this summary: the first is the story's link, the others are kept as text under it") ||
		strings.Contains(w, "links after") {
		t.Errorf("warnings:\n%s", w)
	}
}
