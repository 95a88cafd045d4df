package slack

import (
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/slack/slacktest"
)

// Tokens the fake Slack accepts.
const (
	testBotToken = "xoxb-test-token"
	testAppToken = "xapp-test-token"
)

// waitFor polls cond until it holds or five seconds pass.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

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
