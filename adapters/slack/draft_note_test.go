package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
)

// TestDraftNoteIsAboveTheEditionAsPosted: the line a draft's preview
// shows (when it goes out) is a context line at the top of its first
// message, and otherwise the messages are exactly those the edition is
// posted as (its paging too); a first message with no room left gets the
// line as a message of its own before it.
func TestDraftNoteIsAboveTheEditionAsPosted(t *testing.T) {
	e := bigEdition(60) // in several messages
	note := "Goes out Thursday 3 December at 09:00; `/shared publish` sends it now, dated today."
	got := replyMessages(bot.Reply{Body: bot.EditionView{Edition: e, Note: note}}, time.UTC)
	posted := editionMessages(e)
	if len(posted) < 2 || len(got) != len(posted) {
		t.Fatalf("the preview is %d messages, the edition is posted as %d", len(got), len(posted))
	}
	if line, _ := json.Marshal(got[0].Blocks[0]); got[0].Blocks[0].BlockType() != slackgo.MBTContext ||
		!strings.Contains(string(line), "Goes out Thursday 3 December at 09:00; `/shared publish` sends it now, dated today.") {
		t.Errorf("the first block is %s", line)
	}
	got[0].Blocks = got[0].Blocks[1:]
	want, _ := json.Marshal(posted)
	if rest, _ := json.Marshal(got); string(rest) != string(want) {
		t.Errorf("under the line, the preview differs from the posted edition:\n%s\n%s", rest, want)
	}
	if plain := replyMessages(bot.Reply{Body: bot.EditionView{Edition: e}}, time.UTC); len(plain[0].Blocks) != len(posted[0].Blocks) {
		t.Errorf("a published edition has %d blocks first, posted with %d", len(plain[0].Blocks), len(posted[0].Blocks))
	}

	// A first message of 50 blocks keeps them: the line comes before it.
	full := posted[0]
	for len(full.Blocks) < maxBlocks {
		full.Blocks = append(full.Blocks, contextLine("x"))
	}
	out := withNote([]message{full}, note)
	if len(out) != 2 || len(out[1].Blocks) != maxBlocks || !strings.Contains(out[0].Text, "Goes out Thursday") {
		t.Errorf("a full first message: %d messages, the edition's first with %d blocks", len(out), len(out[len(out)-1].Blocks))
	}
}
