package slack

import (
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
		f.mention(memberID, text, fmt.Sprintf("EvPunct%d", i))
		adaptertest.WaitFor(t, "the answer to "+text, func() bool { return len(f.slack.Calls("chat.postEphemeral")) == i+1 })
		c := f.slack.Calls("chat.postEphemeral")[i]
		if got := allText(blocksOf(t, c)); !strings.Contains(got, "NHS trusts merge back-office services") {
			t.Errorf("%q was answered:\n%s", text, got)
		}
	}
}
