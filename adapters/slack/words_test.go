package slack

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// TestRepliesSayTheOutlinesWords: every kind of reply says on Slack the
// words of its outline, in its order (see the console's test of the same
// name), the help's note on how the bot answers in chat among them.
func TestRepliesSayTheOutlinesWords(t *testing.T) {
	for name, r := range adaptertest.Replies() {
		adaptertest.SameWords(t, name, r, shownText(replyMessages(r, time.UTC)), true)
	}
}

var (
	slackDates = regexp.MustCompile(`<!date\^\d+\^[^|]*\|([^>]*)>`)
	slackLinks = regexp.MustCompile(`<[^|>]*\|([^>]*)>`)
	emojiCodes = regexp.MustCompile(`:[a-z_]+:`)
)

// shownText is the text of messages' blocks as Slack shows it: links as
// their labels, dates as their fallback, no emoji codes or entities.
func shownText(msgs []message) string {
	var sb strings.Builder
	for _, m := range msgs {
		for _, b := range m.Blocks {
			switch b := b.(type) {
			case *slackgo.HeaderBlock:
				sb.WriteString(b.Text.Text)
			case *slackgo.SectionBlock:
				sb.WriteString(b.Text.Text)
			case *slackgo.ContextBlock:
				for _, e := range b.ContextElements.Elements {
					sb.WriteString(e.(*slackgo.TextBlockObject).Text + "\n")
				}
			}
			sb.WriteString("\n")
		}
	}
	s := slackLinks.ReplaceAllString(slackDates.ReplaceAllString(sb.String(), "$1"), "$1")
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(emojiCodes.ReplaceAllString(s, ""))
}

// TestDidYouMeanAsProductSaysIt: a search that found nothing suggests a
// spelling in PRODUCT.md's words and Slack's markup, after saying so.
func TestDidYouMeanAsProductSaysIt(t *testing.T) {
	r := adaptertest.Replies()["nothing"]
	text := shownText(replyMessages(r, time.UTC))
	raw := allText(toAny(t, replyMessages(r, time.UTC)))
	if !strings.Contains(raw, "Did you mean *devolution*?") {
		t.Errorf("lacks PRODUCT.md's \"Did you mean *devolution*?\":\n%s", raw)
	}
	if strings.Index(text, "Nothing matches") > strings.Index(text, "Did you mean") {
		t.Errorf("the suggestion comes before the empty sentence:\n%s", text)
	}
}

// TestCardsSayTheOutlinesWords: every kind of review card says on Slack
// the words of its outline, in its order; its controls aside.
func TestCardsSayTheOutlinesWords(t *testing.T) {
	sectors := digest.Sectors(config.Default().DigestSectors())
	for name, card := range adaptertest.Cards() {
		m := cardMessage(card, sectors, time.UTC)
		adaptertest.SameOutlineWords(t, name, card.Outline(time.UTC), shownText([]message{m}), true)
	}
}

// TestSearchMoreLinksTheWebArchive: a search that matched more than it
// lists says so after its stories, with the web archive's search as a
// Slack link.
func TestSearchMoreLinksTheWebArchive(t *testing.T) {
	raw := allText(toAny(t, replyMessages(adaptertest.Replies()["search"], time.UTC)))
	want := "More stories match: add words to narrow the search, or page through the published ones in <https://news.example.org/search?q=police+zebra|the web archive>."
	if !strings.Contains(raw, want) {
		t.Errorf("lacks %q:\n%s", want, raw)
	}
	text := shownText(replyMessages(adaptertest.Replies()["search"], time.UTC))
	if strings.Index(text, "More stories match") < strings.Index(text, "Fire and police share a headquarters") {
		t.Errorf("the sentence comes before the stories:\n%s", text)
	}
}

// TestHelpMentionsTheBotByItsName: Slack's help ends by showing how to
// mention the bot, and names it as configured (bot.name), as its answers
// all do.
func TestHelpMentionsTheBotByItsName(t *testing.T) {
	f := newFixtureWith(t, fixtureOptions{config: func(c *config.Config) { c.Bot.Name = "Council Digest" }})
	help := allText(f.command(memberID, "help"))
	if !strings.Contains(help, "`@Council Digest news health`") || !strings.Contains(help, "Council Digest commands") ||
		strings.Contains(help, "Shared News") {
		t.Errorf("help does not name the bot as configured:\n%s", help)
	}
}

// TestHelpEscapesTheBotsName: a bot.name with "&", "<" or ">" is shown in
// help's note as every other answer shows it, escaped for mrkdwn, where a
// raw "<…>" is read as a link and an "&…;" as an entity.
func TestHelpEscapesTheBotsName(t *testing.T) {
	f := newFixtureWith(t, fixtureOptions{config: func(c *config.Config) { c.Bot.Name = "News & Views <Weekly>" }})
	ans := f.command(memberID, "help")
	var note string
	for _, b := range ans["blocks"].([]any) {
		if b := b.(map[string]any); b["type"] == "context" {
			note = allText(b)
		}
	}
	if !strings.Contains(note, "`@News &amp; Views &lt;Weekly&gt; news health`") || strings.Contains(note, "<Weekly>") {
		t.Errorf("help's note:\n%s", note)
	}
}

// TestRestartingEscapesTheBotsName: the answer to a command sent while the
// adapter shuts down names the bot, and Slack reads that answer's text as
// mrkdwn, so a bot.name such as "News & Views <Weekly>" is escaped there
// as in every other answer, not read as a link.
func TestRestartingEscapesTheBotsName(t *testing.T) {
	f := newFixtureWith(t, fixtureOptions{config: func(c *config.Config) { c.Bot.Name = "News & Views <Weekly>" }})
	if err := f.ad.tasks.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	body, _ := f.slashForm(memberID, "C1", "news")
	rec := f.sendSigned("/slack/commands", formType, body)
	var ans struct{ Text string }
	if err := json.Unmarshal(rec.Body.Bytes(), &ans); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	if want := "News &amp; Views &lt;Weekly&gt; is restarting"; !strings.HasPrefix(ans.Text, want) {
		t.Errorf("the answer during shutdown: %q, want it to begin %q", ans.Text, want)
	}
}
