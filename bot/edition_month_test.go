package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// `/shared edition November 2014` was refused as "neither an edition
// number nor a date": a reader remembers an edition by its month more
// often than by its day. A month now finds the month's newest edition,
// naming the month's others, or says there is none and which are nearest.
func TestEditionByMonth(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	for _, d := range []string{"2014-05-30", "2014-11-06", "2014-11-20", "2014-12-11"} {
		date, _ := time.Parse("2006-01-02", d)
		e := digest.Edition{State: digest.EditionPublished, Date: date, Title: "Edition of " + d,
			Sections: []digest.Section{{Sector: digest.Sector{Slug: "health"}, Stories: []digest.Story{
				{URL: "urn:sharednews:archive:" + d, Headline: "News of " + d, Sector: "health"}}}}}
		if _, err := f.store.ImportEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for arg, want := range map[string]struct {
		number int
		note   string
	}{
		"November 2014":  {3, "Edition 2 (Thursday 6 November 2014) is of November 2014 too (`edition 2`)."},
		"nov 2014":       {3, "Edition 2 (Thursday 6 November 2014)"},
		"2014-11":        {3, "Edition 2 (Thursday 6 November 2014)"},
		"11/2014":        {3, "Edition 2 (Thursday 6 November 2014)"},
		"2014 November":  {3, "Edition 2 (Thursday 6 November 2014)"},
		"May 2014":       {1, ""},
		"December, 2014": {4, ""},
	} {
		r := f.say(member, "edition "+arg)
		v, ok := r.Body.(EditionView)
		if !ok || v.Edition.Number != want.number || !strings.Contains(v.Note, want.note) || (want.note == "") != (v.Note == "") {
			t.Errorf("edition %s: %q (note %q), want edition %d noting %q", arg, text(r), v.Note, want.number, want.note)
		}
	}
	for arg, want := range map[string]string{
		"October 2014": "There is no edition of October 2014; the nearest are edition 1 (Friday 30 May 2014) and edition 2 (Thursday 6 November 2014).",
		"2015-01":      "There is no edition of January 2015; the nearest is edition 4 (Thursday 11 December 2014).",
		"2014-13":      "`2014-13` is neither an edition number nor a date; give a number (`edition 12`), a date (`edition 2014-12-04`) or a month (`edition November 2014`).",
		"Smarch 2014":  "`Smarch 2014` is neither an edition number nor a date",
	} {
		if r := f.say(member, "edition "+arg); tone(r) != Problem || !strings.Contains(text(r), want) {
			t.Errorf("edition %s: %q, want %q", arg, text(r), want)
		}
	}
}
