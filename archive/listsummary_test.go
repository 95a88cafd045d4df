package archive

import (
	"strings"
	"testing"
)

// TestListInASummary reads a summary that holds a list, under its
// headline: the items are the summary's lines, not headlines of stories
// of their own (before, the first item took the headline's place, and the
// headline became the editor's text).
func TestListInASummary(t *testing.T) {
	for _, list := range [][]string{
		{"- one office for both councils", "- one chief executive"},
		{"1. One office for both councils", "2. One chief executive"},
		{"• One office for both councils", "• One chief executive", "• One budget"},
	} {
		lines := []string{"Thursday 10 July 2014", "News Summary from 9th July 2014", "",
			"Local Government", "", "Dorset councils propose shared working", "", "The plan in brief:"}
		lines = append(lines, list...)
		lines = append(lines, "Three Dorset councils are considering it. Read more >>>")
		eds := mustParse(t, lines...)
		want := `title: News Summary from 9th July 2014
# Local Government (local-government) unruled
  story: Dorset councils propose shared working | "The plan in brief:\n` + strings.Join(list, `\n`) + `\nThree Dorset councils are considering it."
`
		if got := outline(eds[0]); got != want {
			t.Errorf("read as\n%s\nwant\n%s", got, want)
		}
	}
}
