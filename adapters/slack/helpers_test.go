package slack

import (
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/bot"
)

// The card's other controls' action IDs, as Slack sends a press back.
const (
	actionReject   = actionPrefix + bot.ActionReject
	actionEdit     = actionPrefix + bot.ActionEdit
	actionAfterAll = actionPrefix + bot.ActionApproveAfterAll // a rejected card's one button
)

// Tokens the fake Slack accepts.
const (
	testBotToken = "xoxb-test-token"
	testAppToken = "xapp-test-token"
)

// blocksOf decodes a chat call's blocks argument.
func blocksOf(t testing.TB, c slacktest.Call) []map[string]any {
	t.Helper()
	out, err := c.Blocks()
	if err != nil {
		t.Fatalf("%v\n%s", err, c.Form.Get("blocks"))
	}
	return out
}

// allText is every string in a decoded JSON value, joined by newlines: what
// a test searches for rendered words.
func allText(v any) string {
	var b strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			b.WriteString(v)
			b.WriteByte('\n')
		case []any:
			for _, x := range v {
				walk(x)
			}
		case []map[string]any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return b.String()
}
