package search

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// TestExcerptShowsWhyAStoryMatched: a story found through its editor's
// words, not its headline or summary, carries the sentence that has them.
func TestExcerptShowsWhyAStoryMatched(t *testing.T) {
	long := "In a sentence that goes on " + strings.Repeat("and on ", 40) + "the word zebra stands " + strings.Repeat("far from both ends ", 20) + "of it."
	s, _ := archiveOf(t,
		digest.Story{Headline: "Fire deaths fall by 5% in past year", Summary: "Official figures.",
			Commentary: "I was teaching a leadership day.\nLater, one of the deputy chiefs said the service was too successful! Mr. Jones of St. Edmundsbury agreed. J. Smith works in the UK. Other text. We follow Forest & St. Eds. work closely with toolboxes. Councils share services, e.g. payroll and legal, to save money."},
		digest.Story{Headline: "Councils merge", Commentary: long},
	)
	for query, want := range map[string]string{
		"deputy chiefs":   "Later, one of the deputy chiefs said the service was too successful!",
		"fire successful": "Later, one of the deputy chiefs said the service was too successful!",
		"leadership":      "I was teaching a leadership day.",
		"edmundsbury":     "Mr. Jones of St. Edmundsbury agreed.",
		"smith works":     "J. Smith works in the UK.",
		// A full stop before a word in lower case ends an abbreviation,
		// not the sentence ("St. Eds. work", "e.g. payroll").
		"toolboxes":           "We follow Forest & St. Eds. work closely with toolboxes.",
		"payroll":             "Councils share services, e.g. payroll and legal, to save money.",
		"fire deaths":         "",
		"official":            "",
		`"deputy chiefs" day`: "Later, one of the deputy chiefs said the service was too successful!",
	} {
		res := search(t, s, query)
		if len(res.Hits) != 1 || res.Hits[0].Excerpt != want {
			t.Errorf("%s: %d hits, excerpt %q; want %q", query, len(res.Hits), excerptOf(res), want)
		}
	}
	res := search(t, s, "zebra")
	got := excerptOf(res)
	if n := utf8.RuneCountInString(got); n > MaxExcerptRunes || !strings.Contains(got, "the word zebra stands") ||
		!strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || strings.Contains(got, "  ") {
		t.Errorf("zebra: excerpt of %d runes %q", utf8.RuneCountInString(got), got)
	}
}

func excerptOf(res Result) string {
	if len(res.Hits) == 0 {
		return ""
	}
	return res.Hits[0].Excerpt
}

// FuzzSentenceAround: an excerpt is valid text on one line, at most the
// limit, and holds the words it was asked for when they fit.
func FuzzSentenceAround(f *testing.F) {
	f.Add("One. Two words here! Three?", 5, 14, 20)
	f.Add("é\nü ß. x", 0, 2, 3)
	f.Add(strings.Repeat("word ", 100), 250, 254, 40)
	f.Fuzz(func(t *testing.T, text string, start, end, max int) {
		if !utf8.ValidString(text) || start < 0 || end > len(text) || start >= end || max < 3 || max > 1000 ||
			!utf8.RuneStart(text[start]) || end < len(text) && !utf8.RuneStart(text[end]) {
			return
		}
		words := strings.Join(strings.Fields(text[start:end]), " ")
		got := sentenceAround(text, start, end, max)
		if !utf8.ValidString(got) || strings.ContainsAny(got, "\n\r\t") {
			t.Fatalf("%q", got)
		}
		if n := utf8.RuneCountInString(words); n+2 <= max && words != "" && !strings.Contains(got, words) {
			t.Fatalf("sentenceAround(%q, %d, %d, %d) = %q, lacks %q", text, start, end, max, got, words)
		}
		if n := utf8.RuneCountInString(got); n > max && utf8.RuneCountInString(words)+2 <= max {
			t.Fatalf("sentenceAround(%q, %d, %d, %d) = %q: %d runes", text, start, end, max, got, n)
		}
	})
}

// TestExcerptOfAnAfterword: in the past editions, "deputy chiefs" stands
// only in what the editor wrote below "Fire deaths fall by 5% in past
// year"; the hit shows that sentence.
func TestExcerptOfAnAfterword(t *testing.T) {
	s := New(importDigests(t))
	res := search(t, s, "deputy chiefs")
	if len(res.Hits) == 0 || res.Hits[0].Story.Headline != "Fire deaths fall by 5% in past year" {
		t.Fatalf("hits %q", headlines(res.Hits))
	}
	if got := res.Hits[0].Excerpt; !strings.HasPrefix(got, "However, one of the deputy chiefs in the room") || strings.Contains(got, "\n") {
		t.Errorf("excerpt %q", got)
	}
}
