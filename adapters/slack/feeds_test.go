package slack

import (
	"strings"
	"testing"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// TestFeedListShowsHeldBack: /shared feeds lists the entries a feed held
// back as duplicates, with the story each matched and how to keep one,
// escaped, within Slack's limits however many feeds there are.
func TestFeedListShowsHeldBack(t *testing.T) {
	when := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	entry := digest.Story{URL: "https://wire.example/councils?a=1&b=2", Headline: "Two <!channel> councils share a chief executive"}
	of := digest.Story{ID: 12, Headline: "Two councils share a chief executive & more"}
	var items []bot.FeedStatus
	for i := range 40 {
		items = append(items, bot.FeedStatus{Name: "Regional wire", URL: "https://wire.example/rss",
			Health: store.FeedHealth{LastFetchAt: when, LastStatus: "fetched", LastHeldBack: 1, HeldBackTotal: 6 + i,
				HeldBack: []store.HeldBack{{Entry: entry, Of: of}, {Entry: entry, Of: of}}}})
	}
	msgs := replyMessages(bot.Reply{Body: bot.FeedList{Items: items, Command: "/news"}}, time.UTC)
	checkLimits(t, msgs)
	text := msgs[0].Blocks[1].(*slackgo.SectionBlock).Text.Text
	for _, want := range []string{
		"Last fetch <!date^1795078800^{date_long_pretty} at {time}|19 Nov 09:00> (fetched), 0 new stories, 1 held back",
		"6 entries held back as duplicates, not kept (to keep one: `/news submit URL`):",
		"• <https://wire.example/councils?a=1&amp;b=2|Two &lt;!channel&gt; councils share a chief executive> looks like #12 “Two councils share a chief executive &amp; more”",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q:\n%s", want, text)
		}
	}
}

// TestFeedListSaysWhereAFeedMoved: a feed that moved permanently is
// listed with its new address and what to do about it.
func TestFeedListSaysWhereAFeedMoved(t *testing.T) {
	when := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	items := []bot.FeedStatus{{Name: "Regional wire", URL: "https://wire.example/rss",
		Health: store.FeedHealth{LastFetchAt: when, LastStatus: "fetched", MovedTo: "https://new.example/rss?a=1&b=2"}}}
	text := replyMessages(bot.Reply{Body: bot.FeedList{Items: items, Command: "/news"}}, time.UTC)[0].Blocks[1].(*slackgo.SectionBlock).Text.Text
	if want := "Moved permanently to https://new.example/rss?a=1&amp;b=2: change its url in the configuration"; !strings.Contains(text, want) {
		t.Errorf("lacks %q:\n%s", want, text)
	}
}
