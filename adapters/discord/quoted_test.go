package discord

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSentencesEscapeTheHeadlinesTheyQuote: a headline full of Discord's
// markdown (bold, italics, strikethrough, code, a spoiler, a channel link,
// a role ping, @here) is quoted in the bot's sentences as a card shows it,
// escaped, so that none of it formats, links or pings there: the thanks
// for submitting it, the approval, the submitter's direct message, the
// lead. The bot's own markup around it (`draft`) stays.
func TestSentencesEscapeTheHeadlinesTheyQuote(t *testing.T) {
	const headline = "Council *cuts* _jobs_ ~~now~~ `rm` ||secret|| <#123456> <@&654321> & @here"
	f := newFixture(t, nil)
	page := pageServer(t, 0, map[string][2]string{"hostile": {headline, "A summary."}})
	var contents []string
	keep := func(r response) { contents = append(contents, r.Data.Content) }
	keep(f.say(member, "submit", str("url", page.URL+"/hostile")))
	keep(f.say(editor, "approve", num("id", 1)))
	keep(f.say(editor, "lead", num("id", 1)))
	for _, c := range f.api.all() {
		var m struct {
			Content string `json:"content"`
		}
		if json.Unmarshal(c.Body, &m) == nil {
			contents = append(contents, m.Content)
		}
	}

	quoted := "“" + md(headline) + "”"
	var sentences []string
	for _, c := range contents {
		if strings.Contains(c, "#1") && strings.Contains(c, "“") {
			sentences = append(sentences, c)
			if !strings.Contains(c, quoted) {
				t.Errorf("a sentence quotes the headline unescaped:\n got %q\nwant it to hold %q", c, quoted)
			}
		}
	}
	if len(sentences) < 4 {
		t.Fatalf("%d sentences quote the headline, want the thanks, the approval, the direct message and the lead: %q", len(sentences), contents)
	}
	for _, s := range sentences {
		if strings.Contains(s, "lead") && !strings.Contains(s, "See it with `draft`.") {
			t.Errorf("the bot's own markup was escaped: %q", s)
		}
	}
}
