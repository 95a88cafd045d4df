package slack

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// TestNoticesAreMessagesOfTheirOwn pins what Notify and PostToReview send:
// each message of a notice is a chat.postMessage of its own in the
// submitter's direct messages or the review channel (never in a thread),
// with its fallback text, its blocks and no link previews.
func TestNoticesAreMessagesOfTheirOwn(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var long strings.Builder
	long.WriteString("Edition 3 did not reach these channels:")
	for i := range 300 {
		fmt.Fprintf(&long, "\n• #council-news-%03d (slack C%08d) — the bot is not a member of the channel", i, i)
	}
	if err := f.ad.PostToReview(ctx, bot.Message{Tone: bot.Problem, Text: long.String()}); err != nil {
		t.Fatal(err)
	}
	if err := f.ad.Notify(ctx, digest.Person{Platform: PlatformName, ID: memberID}, bot.Message{Tone: bot.Success, Text: "Your story #4 was approved."}); err != nil {
		t.Fatal(err)
	}
	calls := f.slack.Calls("chat.postMessage")
	if len(calls) < 3 {
		t.Fatalf("%d messages posted, want the long notice in several and the direct message", len(calls))
	}
	for i, c := range calls {
		want := reviewChan
		if i == len(calls)-1 {
			want = "D" + memberID
		}
		if got := c.Form.Get("channel"); got != want {
			t.Errorf("message %d went to %q, want %q", i+1, got, want)
		}
		if c.Form.Get("thread_ts") != "" || c.Form.Get("unfurl_links") != "false" || c.Form.Get("unfurl_media") != "false" ||
			c.Form.Get("text") == "" || len(blocksOf(t, c)) == 0 {
			t.Errorf("message %d: %v", i+1, c.Form)
		}
	}
	if text := allText(blocksOf(t, calls[len(calls)-1])); !strings.Contains(text, "✅ Your story #4 was approved.") {
		t.Errorf("direct message says %q", text)
	}
}
