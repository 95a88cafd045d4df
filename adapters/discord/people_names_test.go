package discord

import (
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/config"
)

// TestSentencesShowPeoplesNamesAsWritten: people's display names hold
// Discord's markup characters ("*Ann*", "ann_b_", "_Mo_"), which the
// sentences naming them formatted: "Rejected … I could not tell @_Mo_",
// "Story #1 is already rejected by @*Ann* on …", "Approved … after its
// rejection by @*Ann*", "Already approved … submitted by @_Mo_ on …",
// and the reason a channel cannot be posted in, which names the bot
// ("*Council* News_ lacks …"). Each shows the name escaped, as a card
// does, keeping the bot's own markup; the card says the same names.
func TestSentencesShowPeoplesNamesAsWritten(t *testing.T) {
	f := newFixtureWithAPI(t, discordtest.Options{ClosedDMs: []string{memberID}},
		func(c *config.Config, _ *Options) { c.Bot.Name = "*Council* News_" })
	page := pageServer(t, 0, nil)
	// as is an interaction from a member whose display name is name.
	as := func(body []byte, name string) []byte {
		return reshaped(t, body, func(m map[string]any) {
			m["member"].(map[string]any)["user"].(map[string]any)["global_name"] = name
		})
	}
	const ann, annB, mo = `@\*Ann\*`, `@ann\_b\_`, `@\_Mo\_`

	said := map[string][]string{}
	say := func(what string, r response, wants ...string) {
		t.Helper()
		said[what] = append(wants, r.Data.Content)
	}
	if r := f.interact(as(f.slash(member, "submit", str("url", page.URL+"/one")), "_Mo_")); !strings.Contains(r.text(), "Queued as #1") {
		t.Fatalf("submit: %s", r.text())
	}
	say("the reject's editor could not tell the submitter",
		f.interact(as(f.slash(editor, "reject", num("id", 1)), "*Ann*")), "I could not tell "+mo+":", "`approve 1`")
	say("already rejected", f.interact(as(f.slash(editor, "reject", num("id", 1)), "ann_b_")), "already rejected by "+ann+" on ")
	say("approved after the rejection", f.interact(as(f.slash(editor, "approve", num("id", 1)), "ann_b_")),
		"after its rejection by "+ann+";", "I could not tell "+mo+":")
	say("a duplicate", f.interact(as(f.slash(member, "submit", str("url", page.URL+"/one")), "_Mo_")),
		"as #1, submitted by "+mo+" on ")
	say("refused subscription", f.interact(reshaped(t, f.slash(manager, "subscribe"), func(m map[string]any) {
		m["app_permissions"] = "442368" // Embed Links, but neither View Channel nor Send Messages
	})), `not subscribed: \*Council\* News\_ lacks View Channel and Send Messages in this channel`)

	for what, s := range said {
		got := s[len(s)-1]
		for _, want := range s[:len(s)-1] {
			if !strings.Contains(got, want) {
				t.Errorf("%s: %q\nwant it to hold %q", what, got, want)
			}
		}
	}

	// The card, redrawn after each decision, says the same names.
	var card string
	for _, c := range f.api.all() {
		if c.Method == "PATCH" && strings.HasPrefix(c.Path, "channels/"+reviewChannel+"/messages/") {
			card, _ = jsonOf(t, c)["content"].(string)
		}
	}
	if !strings.Contains(card, "Approved by "+annB+" into ") || !strings.Contains(card, "after a rejection by "+ann) {
		t.Errorf("the card after the approval reads %q", card)
	}
}
