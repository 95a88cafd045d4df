package discord

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// stringsIn collects every string in a JSON document.
func stringsIn(v any, out *[]string) {
	switch v := v.(type) {
	case string:
		*out = append(*out, v)
	case []any:
		for _, x := range v {
			stringsIn(x, out)
		}
	case map[string]any:
		for _, x := range v {
			stringsIn(x, out)
		}
	}
}

// TestMentionInjection submits a page whose title and description try to
// ping everyone, then takes the story through the review card, the queue,
// approval, the submitter's DM, the draft and publication: no message the
// bot sends may carry a live mention, and every one parses none.
func TestMentionInjection(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, map[string][2]string{
		"ping": {"@everyone Free <@123456789012345678> **money** @Here", "Call <@&987654321098765432> and @everyone <@!5> now"},
	})
	var responses []string
	keep := func(r response) { responses = append(responses, r.raw) }
	keep(f.say(member, "submit", str("url", page.URL+"/ping"), str("note", "@everyone look <@1>")))
	keep(f.say(editor, "queue"))
	keep(f.say(editor, "note", num("id", 1), str("text", "Thanks @here <@2>")))
	keep(f.say(editor, "approve", num("id", 1)))
	keep(f.say(editor, "draft"))
	keep(f.say(editor, "subscribe"))
	keep(f.say(editor, "publish"))
	keep(f.say(member, "news"))
	keep(f.say(member, "search", str("words", "@everyone")))

	s, err := f.bot.Story(context.Background(), 1)
	if err != nil || !strings.Contains(s.Headline, "@everyone") {
		t.Fatalf("the story should keep its text as published: %+v %v", s, err)
	}
	sent := 0
	check := func(what, body string) {
		var doc any
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		var texts []string
		stringsIn(doc, &texts)
		for _, s := range texts {
			if rawMention.MatchString(s) {
				t.Errorf("%s: live mention in %q", what, s)
			}
		}
	}
	for _, r := range responses {
		check("response", r)
		if !strings.Contains(r, `"allowed_mentions":{"parse":[]`) {
			t.Errorf("response without allowed_mentions: %.200s", r)
		}
	}
	for _, c := range f.api.all() {
		if c.Method == "DELETE" || len(c.Body) == 0 || strings.HasPrefix(c.Path, "users/") {
			continue
		}
		check(c.Method+" "+c.Path, string(c.Body))
		if !strings.Contains(string(c.Body), `"allowed_mentions":{"parse":[]`) {
			t.Errorf("%s %s without allowed_mentions: %.200s", c.Method, c.Path, c.Body)
		}
		sent++
	}
	if sent < 4 { // card, card update, DM, edition
		t.Errorf("only %d messages were sent", sent)
	}
}

func TestNeutralizeAndEscape(t *testing.T) {
	for in, want := range map[string]string{
		"@everyone":          "@\u200beveryone",
		"hi @Here!":          "hi @\u200bHere!",
		"<@123> and <@&456>": "<\u200b@123> and <\u200b@&456>",
		"mail@hereford.gov":  "mail@hereford.gov", // not a mention
		"@\u200beveryone":    "@\u200beveryone",   // idempotent
	} {
		if got := neutralize(in); got != want {
			t.Errorf("neutralize(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"**bold** _it_ ~~s~~ `c` ||sp||": `\*\*bold\*\* \_it\_ \~\~s\~\~ \` + "`c\\`" + ` \|\|sp\|\|`,
		"# h\n> q\n- l\n12. n":           "\\# h\n\\> q\n\\- l\n12\\. n",
		"a - b > c # d 3. e":             "a - b > c # d 3. e",
		"[x](https://evil)":              `\[x\](https://evil)`,
		"<t:1:R> <@1>":                   "\\<t:1:R> \\<\u200b@1>",
		"tab\there\x07\u202e":            "tab here",
	} {
		if got := md(in); got != want {
			t.Errorf("md(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClipAndLinks(t *testing.T) {
	if got := clip("short", 10); got != "short" {
		t.Errorf("clip short: %q", got)
	}
	got := clip("one two three four five six", 12)
	if length(got) > 12 || !strings.HasSuffix(got, "…") {
		t.Errorf("clip: %q", got)
	}
	if got := clip(`abc\*def`, 5); strings.HasSuffix(strings.TrimSuffix(got, "…"), `\`) {
		t.Errorf("clip left an escaping backslash: %q", got)
	}
	if got := clip("😀😀😀😀", 5); length(got) > 5 {
		t.Errorf("clip of wide runes: %q is %d long", got, length(got))
	}
	for in, want := range map[string]string{
		"https://example.org/a_(b)?q=<x> y": "https://example.org/a_%28b%29?q=%3Cx%3E%20y",
		"javascript:alert(1)":               "",
		"ftp://example.org/":                "",
		"/relative":                         "",
	} {
		link := "t" // not linked
		if want != "" {
			link = "[t](" + want + ")"
		}
		if got := mdLink("t", in); got != link {
			t.Errorf("mdLink(t, %q) = %q, want %q", in, got, link)
		}
	}
	if got := storyBlocks(digest.Story{Headline: "H", URL: "javascript:x"}.Outline(), 100); len(got) != 1 || got[0] != "**H**" {
		t.Errorf("unlinkable story: %q", got)
	}
	// A link too long for a block of its own links neither the headline
	// nor "Read more >>>", and the summary continues whole.
	long := digest.Story{Headline: "H", URL: "https://example.org/" + strings.Repeat("a", 5000), Summary: strings.Repeat("s ", 3000)}
	blocks := storyBlocks(long.Outline(), maxEmbedDescription)
	for _, b := range blocks {
		if length(b) > maxEmbedDescription || strings.Contains(b, "](") {
			t.Errorf("a block of a story longer than an embed: %d characters, %.40q", length(b), b)
		}
	}
	if all := strings.Join(blocks, "\n"); len(blocks) < 2 || !strings.HasPrefix(all, "**H**\n") || strings.Count(all, "s") != 3000 ||
		!strings.HasSuffix(all, " "+md(digest.ReadMore)) {
		t.Errorf("a story longer than an embed: %d blocks, %.40q…%q", len(blocks), all, all[max(0, len(all)-40):])
	}
}

// liveMaskedLink is Markdown's "](" not escaped: where Discord would show
// link text that hides its URL.
var liveMaskedLink = regexp.MustCompile(`(^|[^\\])\]\(`)

// TestMaskedLinksShowAsText takes member text holding Markdown links (a
// page title, a note, a rejection reason, a search) through the real
// rendering: the review card, the queue, the answers that quote it and the
// submitter's direct message. None may carry a masked link, and the link
// text and its URL both stay on show.
func TestMaskedLinksShowAsText(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, map[string][2]string{
		"phish": {"[Council tax refund](https://evil.example/title)", "Claim [here](https://evil.example/summary) today"},
	})
	var texts []string
	collect := func(body string) {
		var doc any
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		stringsIn(doc, &texts)
	}
	for _, r := range []response{
		f.say(member, "submit", str("url", page.URL+"/phish"), str("note", "[urgent](https://evil.example/note)")),
		f.say(editor, "queue"),
		f.say(member, "search", str("words", "[tax](https://evil.example/search)")),
		f.say(editor, "reject", num("id", 1), str("reason", "Looks like [phishing](https://evil.example/reason)")),
	} {
		collect(r.raw)
	}
	for _, c := range f.api.all() {
		if len(c.Body) > 0 && c.Method != "PUT" {
			collect(string(c.Body))
		}
	}
	all := strings.Join(texts, "\n")
	for _, s := range texts {
		if liveMaskedLink.MatchString(s) {
			t.Errorf("a masked link would render: %q", s)
		}
	}
	for _, want := range []string{"Council tax refund", "https://evil.example/title", "urgent", "https://evil.example/note",
		"phishing", "https://evil.example/reason", "https://evil.example/search"} {
		if !strings.Contains(all, want) {
			t.Errorf("%q is not shown", want)
		}
	}
	dm := false
	for _, c := range find(f.api.all(), "POST", "channels/dm"+memberID) {
		dm = dm || strings.Contains(string(c.Body), `\\[phishing\\](https://evil.example/reason)`)
	}
	if !dm {
		t.Errorf("the submitter's message does not show the reason's link as text: %+v", find(f.api.all(), "POST", "channels/dm"))
	}
}
