package discord

import (
	"reflect"
	"testing"

	"github.com/sharednews/sharednews/bot"
)

// TestDraftNoteIsAboveTheEditionAsPosted: the line a draft's preview shows
// (when it goes out) is the content of its first message, and the
// messages' embeds are exactly those the edition is posted as.
func TestDraftNoteIsAboveTheEditionAsPosted(t *testing.T) {
	e := longEdition()
	note := "Goes out Thursday 3 December at 09:00; `/shared publish` sends it now, dated today."
	got := renderReply(bot.Reply{Body: bot.EditionView{Edition: e, Note: note}})
	posted := EditionPayloads(e)
	if len(got) != len(posted) {
		t.Fatalf("the preview is %d messages, the edition is posted as %d", len(got), len(posted))
	}
	if got[0].Content != note {
		t.Errorf("the first message's content is %q, want %q", got[0].Content, note)
	}
	for i := range got {
		if !reflect.DeepEqual(got[i].Embeds, posted[i].Embeds) {
			t.Errorf("message %d's embeds differ from the posted edition's", i+1)
		}
	}
	if plain := renderReply(bot.Reply{Body: bot.EditionView{Edition: e}}); plain[0].Content != "" {
		t.Errorf("a published edition shows %q above it", plain[0].Content)
	}
}
