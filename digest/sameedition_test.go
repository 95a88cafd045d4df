package digest

import (
	"testing"
	"time"
)

// TestSameEdition: two editions are one as an import tells them apart
// when their date and title are the same and they share a story, by its
// headline however it is spaced and punctuated, or by its link (the
// headline corrected since); two editions of text alone on one day under
// one title are one. Another day, another title or no story shared is
// another edition, and an archive's key for a story without a link is no
// link to share.
func TestSameEdition(t *testing.T) {
	day := time.Date(2016, 6, 2, 0, 0, 0, 0, time.UTC)
	edition := func(date time.Time, title string, stories ...Story) Edition {
		return Edition{Title: title, Date: date, Sections: []Section{{Stories: stories}}}
	}
	councils := Story{Headline: "Two councils share a chief executive", URL: "https://council.example/news/1"}
	respaced := Story{Headline: "Two councils share a chief executive.", URL: "https://council.example/news/1-moved"}
	corrected := Story{Headline: "Two district councils share a chief executive", URL: councils.URL}
	libraries := Story{Headline: "Library services go to a trust", URL: "https://county.example/libraries"}
	keyed := func(headline string) Story { return Story{Headline: headline, URL: "archive:2016-06-02/1"} }
	const title = "News Summary from 2nd June 2016"
	for _, c := range []struct {
		name string
		a, b Edition
		want bool
	}{
		{"a headline shared", edition(day, title, councils), edition(day, title, libraries, respaced), true},
		{"a link shared, its headline corrected", edition(day, title, councils), edition(day, title, corrected), true},
		{"text alone on one day", edition(day, title), edition(day, title), true},
		{"no story shared", edition(day, title, councils), edition(day, title, libraries), false},
		{"an archive key is no link", edition(day, title, keyed("One")), edition(day, title, keyed("Two")), false},
		{"another day", edition(day, title, councils), edition(day.AddDate(0, 0, 7), title, councils), false},
		{"another title", edition(day, title, councils), edition(day, "News Summary", councils), false},
		{"text alone and stories", edition(day, title), edition(day, title, councils), false},
	} {
		if got := SameEdition(c.a, c.b); got != c.want {
			t.Errorf("%s: SameEdition = %v, want %v", c.name, got, c.want)
		}
		if got := SameEdition(c.b, c.a); got != c.want {
			t.Errorf("%s (the other way): SameEdition = %v, want %v", c.name, got, c.want)
		}
	}
}
