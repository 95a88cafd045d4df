package slack

import (
	"context"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store"
)

// TestSentencesQuoteHeadlinesAsCardsShowThem: a headline holding Slack's
// broadcasts and link syntax (as a feed's entry may: a page's title loses
// its tags when read) is quoted in the bot's sentences as its card shows
// it (escape): "<!channel>", "<!everyone>" and "<https://…|…>" as text,
// "@here" defused, "&" as an entity, so that a sentence never pings or
// links. The answers to the editor's commands are checked.
func TestSentencesQuoteHeadlinesAsCardsShowThem(t *testing.T) {
	const headline = "<!channel> <!everyone> <https://evil.example|Refund> & @here"
	f := newFixture(t)
	page := pageServer(t, "Refunds", "A summary.", "LocalGov")
	id, _ := f.submit(page.URL+"/a", "")
	h := headline
	if _, err := f.store.EditStory(context.Background(), id, store.StoryEdit{Headline: &h}); err != nil {
		t.Fatal(err)
	}
	want := "“" + escape(headline) + "”"
	for _, command := range []string{"edit 1 summary A new summary.", "approve 1", "lead 1"} {
		said := allText(f.command(editorID, command))
		if !strings.Contains(said, want) || strings.Contains(said, "<!") || strings.Contains(said, "<https") || strings.Contains(said, " @here") {
			t.Errorf("%s does not quote the headline as its card shows it:\n%s\nwant it to hold %q", command, said, want)
		}
	}
}

// TestSentencesShowPeoplesNamesAsCardsShowThem: an editor's name holding
// Slack's link syntax and a broadcast is written in the sentences that
// name them ("Story #1 is already rejected by @…", "Approved … after its
// rejection by @…") as a card writes it (escape), so that it never pings
// or links.
func TestSentencesShowPeoplesNamesAsCardsShowThem(t *testing.T) {
	const name = "ann <!here> & <https://evil.example|co>"
	f := newFixtureWith(t, fixtureOptions{editorName: name})
	page := pageServer(t, "Refunds", "A summary.", "LocalGov")
	f.submit(page.URL+"/a", "")
	f.command(editorID, "reject 1")
	shown := "@" + escape(name)
	// In this order: approving after all first would leave nothing
	// rejected for the second reject to refuse.
	for _, c := range []struct{ command, want string }{
		{"reject 1", "already rejected by " + shown + " on "},
		{"approve 1", "after its rejection by " + shown + ";"},
	} {
		command, want := c.command, c.want
		said := allText(f.command(editorID, command))
		if !strings.Contains(said, want) || strings.Contains(said, "<!") || strings.Contains(said, "<https") || strings.Contains(said, " @here") {
			t.Errorf("%s does not write the name as a card does:\n%s\nwant it to hold %q", command, said, want)
		}
	}
}
