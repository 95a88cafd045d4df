package archive

import "testing"

// TestReadMoreAsAMarkdownLink reads a summary that ends in the marker
// written as a Markdown link, as an editor writing in Markdown or a
// program saving the mail from HTML writes it: a story, its link the
// link's address (before, no line ended in the marker, and the edition
// was imported as text alone). A Markdown link with other words stays
// text.
func TestReadMoreAsAMarkdownLink(t *testing.T) {
	eds := mustParse(t,
		"Thursday 10 July 2014", "News Summary from 9th July 2014", "",
		"Local Government", "",
		"Dorset councils propose shared working", "",
		"Three Dorset councils are considering sharing a senior team. [Read more >>>](https://example.org/dorset)", "",
		"Fire deaths fall by 5% in past year", "",
		"Fire deaths in England have fallen by 5%. [Read more](https://example.org/fire)", "",
		"Our courses", "",
		"The autumn dates are out. [Book a place](https://example.org/courses)")
	want := `title: News Summary from 9th July 2014
# Local Government (local-government) unruled
  story: Dorset councils propose shared working | "Three Dorset councils are considering sharing a senior team." <https://example.org/dorset>
  story: Fire deaths fall by 5% in past year | "Fire deaths in England have fallen by 5%." <https://example.org/fire>
  after: "Our courses\n\nThe autumn dates are out. [Book a place](https://example.org/courses)"
`
	if got := outline(eds[0]); got != want {
		t.Errorf("read as\n%s\nwant\n%s", got, want)
	}
}
