package slack

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// slackMarkupRef matches one <…> piece of mrkdwn.
var slackMarkupRef = regexp.MustCompile(`<[^<>]*>`)

// limitInitialValue is the most text a plain_text_input may start with:
// the longest max_length Slack takes (3,000), since a longer start could
// never be sent back whole.
const limitInitialValue = 3000

// slackProblems returns every way payload (a message as
// {"text","blocks"} or a modal view, decoded from JSON) breaks Slack's
// documented limits, which the fake checks too (slacktest.MessageProblems
// and ViewProblems), or the adapter's own rules: a message has blocks and
// fallback text, a select starts at one of its options, only the block
// types the adapter means to send, and no text that pings or links where
// it should not (mrkdwnProblems).
func slackProblems(payload map[string]any) []string {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	blocks, _ := payload["blocks"].([]any)
	if payload["type"] == "modal" {
		p = append(p, slacktest.ViewProblems(payload)...)
	} else {
		text, _ := payload["text"].(string)
		p = append(p, slacktest.MessageProblems(text, blocks)...)
		if text == "" {
			add("no fallback text")
		}
		if len(blocks) == 0 {
			add("0 blocks (1 to 50 allowed)")
		}
		p = append(p, mrkdwnProblems("fallback text", text)...)
	}
	// Every mrkdwn text object, however deep.
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if x["type"] == "mrkdwn" {
				s, _ := x["text"].(string)
				p = append(p, mrkdwnProblems(where, s)...)
			}
			for k, y := range x {
				walk(where+" "+k, y)
			}
		case []any:
			for _, y := range x {
				walk(where, y)
			}
		}
	}
	for i, raw := range blocks {
		b, _ := raw.(map[string]any)
		where := fmt.Sprintf("block %d (%v)", i+1, b["type"])
		walk(where, b)
		switch b["type"] {
		case "section", "header", "context", "divider":
		case "actions", "input":
			elems, _ := b["elements"].([]any)
			if el, ok := b["element"]; ok {
				elems = append(elems, el)
			}
			for _, e := range elems {
				el, _ := e.(map[string]any)
				p = append(p, elementProblems(where, el)...)
			}
		default:
			add("%s: a block type the adapter does not send", where)
		}
	}
	return p
}

// elementProblems checks what the limits leave to the adapter: a select
// starts at one of its options, an input at text Slack shows.
func elementProblems(where string, e map[string]any) []string {
	var p []string
	where += fmt.Sprintf(" %v", e["type"])
	if opts, ok := e["options"].([]any); ok {
		values := map[string]bool{}
		for _, o := range opts {
			om, _ := o.(map[string]any)
			values[fmt.Sprint(om["value"])] = true
		}
		if init, ok := e["initial_option"].(map[string]any); ok && !values[fmt.Sprint(init["value"])] {
			p = append(p, fmt.Sprintf("%s: initial_option %v is not one of the options", where, init["value"]))
		}
	}
	if init, ok := e["initial_value"].(string); ok && textLen(init) > limitInitialValue {
		p = append(p, fmt.Sprintf("%s: initial_value of %d characters, over %d", where, textLen(init), limitInitialValue))
	}
	return p
}

// mrkdwnProblems checks text Slack parses as mrkdwn: every "&" begins one
// of the three entities, and every <…> is a link to an http(s) URL or a
// date, never a mention, a broadcast, a channel or a user group; a link's
// URL holds no raw "|" or space.
func mrkdwnProblems(where, s string) []string {
	var p []string
	for i := strings.IndexByte(s, '&'); i >= 0; {
		rest := s[i:]
		if !strings.HasPrefix(rest, "&amp;") && !strings.HasPrefix(rest, "&lt;") && !strings.HasPrefix(rest, "&gt;") {
			p = append(p, fmt.Sprintf("%s: a raw & at %q", where, clipForReport(rest)))
		}
		j := strings.IndexByte(s[i+1:], '&')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	rest := slackMarkupRef.ReplaceAllStringFunc(s, func(m string) string {
		inner := m[1 : len(m)-1]
		switch {
		case strings.HasPrefix(inner, "!date^"):
		case strings.HasPrefix(inner, "http://"), strings.HasPrefix(inner, "https://"):
			target, _, _ := strings.Cut(inner, "|")
			if strings.ContainsAny(target, " \n") {
				p = append(p, fmt.Sprintf("%s: a link whose URL has a space: %q", where, clipForReport(m)))
			}
		default:
			p = append(p, fmt.Sprintf("%s: live markup %q", where, clipForReport(m)))
		}
		return ""
	})
	// A ">" that starts a line is a block quote.
	rest = regexp.MustCompile(`(?m)^> `).ReplaceAllString(rest, "")
	if strings.ContainsAny(rest, "<>") {
		p = append(p, fmt.Sprintf("%s: an unbalanced < or > in %q", where, clipForReport(rest)))
	}
	return p
}

func clipForReport(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// checkSlack fails the test for every problem slackProblems finds in v,
// one payload (a message or a view) or a list of them.
func checkSlack(t *testing.T, name string, v any) {
	t.Helper()
	switch x := toAny(t, v).(type) {
	case []any:
		for i, m := range x {
			for _, prob := range slackProblems(m.(map[string]any)) {
				t.Errorf("%s, message %d: %s", name, i+1, prob)
			}
		}
	case map[string]any:
		for _, prob := range slackProblems(x) {
			t.Errorf("%s: %s", name, prob)
		}
	}
}

// TestSlackLimitsValidatorCatches: the checker itself finds what it looks for.
func TestSlackLimitsValidatorCatches(t *testing.T) {
	bad := map[string]any{"text": "a & b", "blocks": []any{
		map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": strings.Repeat("x", 3001)}},
		map[string]any{"type": "header", "text": map[string]any{"type": "mrkdwn", "text": "h"}},
		map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": "<!channel> <@U1> <https://x.org/a b|c>"}},
	}}
	for range 4 {
		bad["blocks"] = append(bad["blocks"].([]any), map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": strings.Repeat("y", 2900)}})
	}
	got := strings.Join(slackProblems(bad), "\n")
	for _, want := range []string{"raw &", "3001 characters", "mrkdwn where plain_text", "<!channel>", "<@U1>", "has a space", "over 12000"} {
		if !strings.Contains(got, want) {
			t.Errorf("checker missed %q:\n%s", want, got)
		}
	}
}

// callPayload is a chat call's message as Slack reads it: text and blocks.
func callPayload(t *testing.T, c slacktest.Call) map[string]any {
	t.Helper()
	blocks := blocksOf(t, c)
	list := make([]any, len(blocks))
	for i, b := range blocks {
		list[i] = b
	}
	return map[string]any{"text": c.Form.Get("text"), "blocks": list}
}

// TestLongLinkStaysPostable: a member may submit a link of up to 2,048
// characters. Its review card, the queue and the edit form used to put it
// twice in one section (headline and "Read more"), over Slack's 3,000
// characters, so Slack refused the card (invalid_blocks) and the editors
// never saw the story. Now the link goes on "Read more" alone, and the
// summary is shown.
func TestLongLinkStaysPostable(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Councils share a chief executive", "Two councils agree to share their most senior officer.", "LocalGov")
	var q []string
	for i := range 200 {
		q = append(q, fmt.Sprintf("k%03d=v", i))
	}
	long := page.URL + "/news?" + strings.Join(q, "&")
	_, ref := f.submit(long, "")
	cards := f.slack.Calls("chat.postMessage")
	if len(cards) != 1 {
		t.Fatalf("%d posts", len(cards))
	}
	card := callPayload(t, cards[0])
	for _, prob := range slackProblems(card) {
		t.Errorf("review card: %s", prob)
	}
	text := allText(card)
	if !strings.Contains(text, "Two councils agree to share their most senior officer.") {
		t.Errorf("the card lost the summary:\n%.600s", text)
	}
	if !strings.Contains(text, "|Read more &gt;&gt;&gt;>") {
		t.Errorf("the card does not link the story:\n%.600s", text)
	}
	queue := f.command(editorID, "queue")
	for _, prob := range slackProblems(queue) {
		t.Errorf("queue: %s", prob)
	}
	if q := allText(queue); !strings.Contains(q, "|Read more &gt;&gt;&gt;>") || !strings.Contains(q, "Two councils agree") {
		t.Errorf("the queue does not link the story or lost its summary:\n%.600s", q)
	}

	_, open := f.openForm(editorID, actionEdit, 1, ref)
	view := open["view"].(map[string]any)
	for _, prob := range slackProblems(view) {
		t.Errorf("edit form: %s", prob)
	}
}

// TestEditFormKeepsLongFieldsWhole: a newswire summary may have up to
// 3,000 characters (feeds.summary_chars) and a headline 300 characters of
// emoji, 600 as Slack's limits are safest counted. The edit form used to cut
// them to 1,000 and 299 for its initial values, and saving the form, even
// to change only the sector, stored them cut. Now each field starts whole,
// within a max_length that holds it, and comes back unchanged.
func TestEditFormKeepsLongFieldsWhole(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	headline := strings.Repeat("🤝", 300)
	summary := strings.TrimSpace(strings.Repeat("The two councils will share a chief executive. ", 60))[:2800]
	st, err := f.store.AddStory(ctx, digest.Story{URL: "https://news.example.org/long", Headline: headline, Summary: summary,
		Source: "Feed", Sector: "health", State: digest.StateQueued})
	if err != nil {
		t.Fatal(err)
	}
	_, open := f.openForm(editorID, actionEdit, st.ID, reviewChan+"/1700000000.000009")
	view := open["view"].(map[string]any)
	for _, prob := range slackProblems(view) {
		t.Errorf("edit form: %s", prob)
	}
	initial := map[string]string{}
	for _, b := range view["blocks"].([]any) {
		if el, ok := b.(map[string]any)["element"].(map[string]any); ok {
			if v, ok := el["initial_value"].(string); ok {
				initial[el["action_id"].(string)] = v
			}
		}
	}
	if initial[bot.FieldHeadline] != headline || initial[bot.FieldSummary] != summary {
		t.Errorf("the form does not start at the whole story: headline %d of %d characters, summary %d of %d",
			len([]rune(initial[bot.FieldHeadline])), len([]rune(headline)), len(initial[bot.FieldSummary]), len(summary))
	}

	// The editor changes only the sector; the rest comes back as shown.
	sub := f.submitView(editorID, callbackEdit, view["private_metadata"].(string), map[string]string{
		bot.FieldHeadline: initial[bot.FieldHeadline], bot.FieldSummary: initial[bot.FieldSummary], bot.FieldSector: "housing"})
	if rec := f.sendSigned("/slack/interactions", formType, interactionForm(t, sub)); rec.Code != 200 || rec.Body.Len() != 0 {
		t.Fatalf("submission: %d %s", rec.Code, rec.Body)
	}
	got := f.story(st.ID)
	if got.Headline != headline || got.Summary != summary || got.Sector != "housing" {
		t.Errorf("after saving the form: headline %d of %d characters, summary %d of %d, sector %q",
			len([]rune(got.Headline)), len([]rune(headline)), len(got.Summary), len(summary), got.Sector)
	}
}
