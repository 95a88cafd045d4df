package slack

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// TestMentionWithTheCommandWord: after "@Shared News" people type the
// command as they would the slash command, with its word and often
// without the slash: "@Shared News shared news health" was answered
// "Unknown command `shared`." It runs as "@Shared News news health"
// does; a slip in the word is answered with the line to type; a mention
// with words that are no command keeps its answer.
func TestMentionWithTheCommandWord(t *testing.T) {
	f := newFixture(t)
	addArchive(t, f)
	for i, c := range []struct{ text, want string }{
		{"<@U111> shared news health 1", "NHS trusts merge back-office services"},
		{"<@U111> /shared news health 1", "NHS trusts merge back-office services"},
		{"<@U111> share news health 1", "Unknown command `share`. Did you mean `/shared news health 1`?"},
		{"<@U111> hello world", "Unknown command `hello`"},
	} {
		f.mention(memberID, c.text, fmt.Sprintf("EvWord%d", i))
		adaptertest.WaitFor(t, "the answer to "+c.text, func() bool { return len(f.slack.Calls("chat.postEphemeral")) == i+1 })
		if got := allText(blocksOf(t, f.slack.Calls("chat.postEphemeral")[i])); !strings.Contains(got, c.want) {
			t.Errorf("%q was answered:\n%s", c.text, got)
		}
	}
}
