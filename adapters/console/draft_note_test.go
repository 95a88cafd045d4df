package console

import (
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// TestDraftNoteIsAboveTheEdition: the console shows the line a draft's
// preview carries (when it goes out) above the edition's text, which
// follows as it will be posted; the number the draft will carry
// (DraftPreview) is not shown until it does.
func TestDraftNoteIsAboveTheEdition(t *testing.T) {
	date := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	e := digest.Edition{Number: 5, Date: date, Title: digest.Title("News Summary from {date}", date), Intro: "A busy week.",
		Sections: []digest.Section{{Sector: digest.Sector{Slug: "health", Name: "Health"},
			Stories: []digest.Story{{ID: 1, URL: "https://example.org/a", Headline: "Two trusts share a chief executive"}}}}}
	note := "Goes out Thursday 3 December at 09:00; `/shared publish` sends it now, dated today."
	got := RenderReply(bot.Reply{Body: bot.EditionView{Edition: e, Note: note}}, time.UTC)
	want := note + "\n\n" + strings.TrimRight(digest.RenderText(e), "\n")
	if got != want {
		t.Errorf("the console shows\n%s\nwant\n%s", got, want)
	}
	if got := RenderReply(bot.Reply{Body: bot.EditionView{Edition: e}}, time.UTC); strings.Contains(got, "Goes out") {
		t.Errorf("a published edition shows a note:\n%s", got)
	}
}
