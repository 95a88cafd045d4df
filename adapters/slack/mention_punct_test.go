package slack

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// TestMentionFollowedByPunctuation: people address the bot as they would a
// colleague, "@Shared News: news health" or "Hey @Shared News, news
// health" (a dash or a colon is what Slack's own autocomplete leaves room
// for). The punctuation belongs to the address, not to the command, so
// each routes to `news health` as the bare mention does.
func TestMentionFollowedByPunctuation(t *testing.T) {
	f := newFixture(t)
	addArchive(t, f)
	texts := []string{
		"<@U111>: news health 1",
		"Hey <@U111>, news health 1",
		"<@U111> - news health 1",
		"<@U111|Shared News> — news health 1",
		"<@U111>;news health 1",
		"news health 1, <@U111>",
		"news health 1 - <@U111>",
	}
	for i, text := range texts {
		p := loadJSON(t, "event-callback-app-mention.json")
		ev := p["event"].(map[string]any)
		ev["user"], ev["text"] = memberID, text
		p["event_id"] = fmt.Sprintf("EvPunct%d", i)
		body, _ := json.Marshal(p)
		if rec := f.sendSigned("/slack/events", "application/json", body); rec.Code != 200 {
			t.Fatalf("%q: %d", text, rec.Code)
		}
		adaptertest.WaitFor(t, "the answer to "+text, func() bool { return len(f.slack.Calls("chat.postEphemeral")) == i+1 })
		c := f.slack.Calls("chat.postEphemeral")[i]
		if got := allText(blocksOf(t, c)); !strings.Contains(got, "NHS trusts merge back-office services") {
			t.Errorf("%q was answered:\n%s", text, got)
		}
	}
}
