package slack

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackutilsx"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// sampleEdition is a small published edition in the newsletter's shape.
func sampleEdition() digest.Edition {
	sectors := digest.Sectors(config.Default().DigestSectors())
	lg, _ := sectors.Lookup("local-government")
	health, _ := sectors.Lookup("health")
	date := time.Date(2014, 11, 20, 0, 0, 0, 0, time.UTC)
	return digest.Edition{
		Number: 42, State: digest.EditionPublished, Date: date,
		Title:     digest.Title(config.Default().Digest.Title, date),
		Intro:     "Welcome to this week's summary.\n\nIt has been a busy week for shared chief executives & shared services.",
		Footer:    config.Default().Digest.Footer,
		Subscribe: "ask your editor to subscribe your channel with /shared subscribe", // as PostEdition says it
		Sections: []digest.Section{
			{Sector: lg, Stories: []digest.Story{
				{ID: 1, URL: "https://www.localgov.co.uk/Councils-agree-shared-chief/38000", Headline: "Councils agree shared chief executive",
					Summary: "Two district councils have agreed to share a chief executive, saving £150,000 a year.", Source: "LocalGov",
					Commentary: "Another pair of districts takes the plunge."},
				{ID: 2, URL: "https://www.bbc.co.uk/news/uk-england-29999999", Headline: "County and districts plan joint waste service",
					Summary: "A single waste partnership would cover the whole county.", Source: "BBC News"},
			}},
			{Sector: health, Stories: []digest.Story{
				{ID: 3, URL: "https://www.hsj.co.uk/trusts-share-back-office", Headline: "Trusts to share back office <services>",
					Summary: "Three NHS trusts will share payroll, HR and finance.", Source: "HSJ"},
			}},
		},
	}
}

// importedEdition is laid out as an edition imported from the newsletter's
// plain text: a lead under the intro, headings as written, commentary of two
// paragraphs, text after a story, a section of text only, no links, and the
// edition's own footer.
func importedEdition() digest.Edition {
	sectors := digest.Sectors(config.Default().DigestSectors())
	health, _ := sectors.Lookup("health")
	other, _ := sectors.Lookup("other")
	date := time.Date(2014, 7, 10, 0, 0, 0, 0, time.UTC)
	return digest.Edition{
		Number: 4, State: digest.EditionPublished, Date: date,
		Title: "News Summary of Collaboration and Shared Services from 9th July 2014",
		Intro: "Hi everyone,\n\nA short one this week.",
		Lead: []digest.Story{{ID: 20, URL: "urn:sharednews:archive:2014-07-10:aaaaaaaaaaaa", Sector: "local-government",
			Headline: "Council mergers: Poor services 'letting people down'", Summary: "People are being \"let down\" by poor public services."}},
		Sections: []digest.Section{
			{Sector: health, Heading: "Social care", Stories: []digest.Story{{ID: 21, URL: "urn:sharednews:archive:2014-07-10:bbbbbbbbbbbb",
				Sector: "health", Headline: "The social care sector must pull together", Summary: "No-one was surprised.",
				Commentary: "To complement that theme…\n\nIt looks like the hot topic for 2015…", Afterword: "Me? I would invest in prevention."}}},
			{Sector: other, Heading: "Jobs", Text: "Director of Shared Services, £90,000\n\nApply by 1 December."},
		},
		Footer: "Receive this Shared Service News Summary into your inbox every week. Just register on our website.",
	}
}

// bigEdition has n stories spread over every sector, each with a summary
// and every third with commentary.
func bigEdition(n int) digest.Edition {
	e := sampleEdition()
	e.Sections = nil
	sectors := config.Default().DigestSectors()
	per := map[string][]digest.Story{}
	for i := range n {
		sec := sectors[i%len(sectors)]
		st := digest.Story{ID: int64(i + 1), URL: fmt.Sprintf("https://news.example.org/story/%d", i+1),
			Headline: fmt.Sprintf("Story %d: councils in %s agree to share services", i+1, sec.Name),
			Summary:  strings.Repeat("The councils expect to save money and protect front-line services. ", 3),
			Source:   fmt.Sprintf("Source %d", i+1)}
		if i%3 == 0 {
			st.Commentary = "A line of commentary from the editor."
		}
		per[sec.Slug] = append(per[sec.Slug], st)
	}
	for _, sec := range sectors {
		if len(per[sec.Slug]) > 0 {
			e.Sections = append(e.Sections, digest.Section{Sector: sec, Stories: per[sec.Slug]})
		}
	}
	return e
}

// checkLimits fails the test when a message breaks one of Slack's limits.
func checkLimits(t *testing.T, msgs []message) {
	t.Helper()
	for i, m := range msgs {
		if len(m.Blocks) > maxBlocks {
			t.Errorf("message %d has %d blocks", i+1, len(m.Blocks))
		}
		total := 0
		for _, b := range m.Blocks {
			total += blockText(b)
			switch b := b.(type) {
			case *slackgo.HeaderBlock:
				if n := textLen(b.Text.Text); n > maxHeader {
					t.Errorf("message %d: header of %d characters", i+1, n)
				}
			case *slackgo.SectionBlock:
				if n := textLen(b.Text.Text); n > maxText {
					t.Errorf("message %d: section of %d characters", i+1, n)
				}
			case *slackgo.ContextBlock:
				for _, e := range b.ContextElements.Elements {
					if n := textLen(e.(*slackgo.TextBlockObject).Text); n > maxText {
						t.Errorf("message %d: context of %d characters", i+1, n)
					}
				}
			}
		}
		if total > maxMessageText {
			t.Errorf("message %d holds %d characters of text, over %d", i+1, total, maxMessageText)
		}
	}
}

var storyNumber = regexp.MustCompile(`story/(\d+)\||Source (\d+)`)

// TestLargeEditionContinuesInThreeMessages: an edition too big for one
// message is split between stories, never inside one, each message within
// Slack's limits; PostEdition posts the rest in the first one's thread.
func TestLargeEditionContinuesInThreeMessages(t *testing.T) {
	e := bigEdition(50)
	msgs := editionMessages(e)
	if len(msgs) != 3 {
		t.Fatalf("%d messages, want 3", len(msgs))
	}
	checkLimits(t, msgs)
	seen := map[string]int{}
	for i, m := range msgs {
		b, _ := json.Marshal(m.Blocks)
		// A story's headline link, its "Read more >>>" link and its source
		// line are in the same message.
		halves := map[string]int{}
		for _, match := range storyNumber.FindAllStringSubmatch(string(b), -1) {
			halves[match[1]+match[2]]++
		}
		for n, c := range halves {
			if c != 3 {
				t.Errorf("message %d has story %s split (%d of its 3 parts)", i+1, n, c)
			}
			seen[n]++
		}
		if i > 0 && !strings.Contains(string(b), "continued ("+fmt.Sprint(i+1)+" of 3)") {
			t.Errorf("message %d does not say it continues", i+1)
		}
		if !strings.Contains(m.Text, "News Summary of Collaboration and Shared Services") {
			t.Errorf("message %d fallback text %q", i+1, m.Text)
		}
	}
	if len(seen) != 50 {
		t.Errorf("%d stories shown, want 50", len(seen))
	}
	for n, c := range seen {
		if c != 1 {
			t.Errorf("story %s shown %d times", n, c)
		}
	}

	f := newFixture(t)
	ref, err := postAll(context.Background(), f.ad, "CNEWS", e)
	if err != nil {
		t.Fatal(err)
	}
	posts := f.slack.Calls("chat.postMessage")
	if len(posts) != 3 {
		t.Fatalf("%d chat.postMessage calls, want 3", len(posts))
	}
	first := "1700000000.000001"
	if ref != "CNEWS/"+first || posts[0].Form.Get("thread_ts") != "" {
		t.Errorf("ref %q, first thread_ts %q", ref, posts[0].Form.Get("thread_ts"))
	}
	for i, p := range posts[1:] {
		if p.Form.Get("channel") != "CNEWS" || p.Form.Get("thread_ts") != first {
			t.Errorf("message %d: channel %s thread_ts %q, want the first message's thread", i+2, p.Form.Get("channel"), p.Form.Get("thread_ts"))
		}
	}
}

// TestNoticesWaitOutRateLimits: a 429 with Retry-After on a message the
// bot sends outside the delivery ledger (a notice, an answer, a card),
// which nothing would try again, is waited out and the message sent once,
// not dropped or doubled. An edition's 429 is the ledger's instead
// (TestRateLimitedEditionIsLeftToTheLedger).
func TestNoticesWaitOutRateLimits(t *testing.T) {
	f := newFixture(t)
	f.slack.LimitNext(1)
	start := time.Now()
	if err := f.ad.PostToReview(context.Background(), bot.Message{Text: "Edition 1 is out."}); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("posted after %s, before Retry-After", waited)
	}
	if told := f.reviewTold(); len(told) != 1 || f.slack.Stats().RateLimited != 1 {
		t.Errorf("the review channel was told %q after %d 429s, want the notice once after one", told, f.slack.Stats().RateLimited)
	}
}

// TestEditionLimitsUnderStress: long texts and many stories still fit.
func TestEditionLimitsUnderStress(t *testing.T) {
	e := bigEdition(150)
	e.Title = strings.Repeat("A very long title ", 20)
	e.Intro = strings.Repeat("An intro sentence with & and < and >. ", 150)
	for i := range e.Sections {
		for j := range e.Sections[i].Stories {
			st := &e.Sections[i].Stories[j]
			st.Summary = strings.Repeat("&<> ", 400)
			st.Commentary = strings.Repeat("Commentary & more. ", 60)
		}
	}
	msgs := editionMessages(e)
	checkLimits(t, msgs)
	if len(msgs) < 10 {
		t.Errorf("only %d messages for 150 long stories", len(msgs))
	}
	// The intro is shown whole, over several blocks, not cut.
	b, _ := json.Marshal(msgs[0].Blocks)
	if strings.Count(string(b), "An intro sentence") != 150 {
		t.Errorf("intro shown %d of 150 times", strings.Count(string(b), "An intro sentence"))
	}
}

// TestNoMentionInjection: text from feeds and members is escaped, so
// <!channel>, <!here>, <@U123> and smuggled links in a headline, summary,
// source, commentary or note show as text and ping no one: in an edition, a
// story list, a review card and every fallback text.
func TestNoMentionInjection(t *testing.T) {
	evil := digest.Story{ID: 7, URL: "https://news.example.org/a|<!channel>",
		Headline:   "<!channel> Council <@U123> merges <https://evil.example|click here> & more",
		Summary:    "Read <!here> now @here <!subteam^S1|@editors>",
		Source:     "<@U999>",
		Commentary: "<!everyone> look",
		SubmitNote: "<!channel> please", Submitter: digest.Person{Platform: "slack", ID: "U1", Name: "<!here>"},
		Sector: "health", State: digest.StateQueued}
	e := sampleEdition()
	e.Intro = "Hello <!channel>"
	e.Sections[1].Stories = append(e.Sections[1].Stories, evil)
	sectors := digest.Sectors(config.Default().DigestSectors())

	outputs := map[string]any{
		"edition":  editionMessages(e),
		"news":     replyMessages(bot.Reply{Body: bot.StoryList{Kind: bot.NewsList, Title: "Latest", Items: []bot.StoryItem{{Story: evil, SectorName: "Health"}}}}, time.UTC),
		"queue":    replyMessages(bot.Reply{Body: bot.StoryList{Kind: bot.QueueList, Title: "Queue", Items: []bot.StoryItem{{Story: evil, SectorName: "Health"}}}}, time.UTC),
		"card":     cardMessage(bot.ReviewCard{Story: evil}, sectors, time.UTC),
		"outcome":  cardMessage(bot.ReviewCard{Story: evil, Outcome: "Rejected by @ed: <!channel>"}, sectors, time.UTC),
		"message":  noticeMessages(bot.Message{Text: "Queued as #7: “<!channel> <@U1>”"}),
		"search":   replyMessages(bot.Reply{Body: bot.StoryList{Kind: bot.SearchList, Title: "Search: <!here>", Empty: "Nothing matches “<!here>”."}}, time.UTC),
		"editForm": cardForm(bot.EditForm, formMeta{Story: 7}, evil, sectors),
	}
	for name, out := range outputs {
		b, err := json.Marshal(out)
		if err != nil {
			t.Fatal(err)
		}
		var decoded any
		json.Unmarshal(b, &decoded)
		text := parsedText(decoded)
		for _, live := range []string{"<!channel", "<!here", "<!everyone", "<!subteam", "<@U", "<https://evil", "|<!"} {
			if strings.Contains(text, live) {
				t.Errorf("%s: live markup %q in\n%s", name, live, text)
			}
		}
		if regexp.MustCompile(`@(here|channel|everyone)\b`).MatchString(text) {
			t.Errorf("%s: a bare broadcast word survived:\n%s", name, text)
		}
	}
	ed := allText(toAny(t, outputs["edition"]))
	for _, want := range []string{"&lt;!channel&gt; Council &lt;@U123&gt; merges &lt;https://evil.example|click here&gt; &amp; more",
		"<https://news.example.org/a%7C%3C!channel%3E|", "Source: &lt;@U999&gt;", "_&lt;!everyone&gt; look_", "Hello &lt;!channel&gt;"} {
		if !strings.Contains(ed, want) {
			t.Errorf("edition lacks %q", want)
		}
	}
}

// parsedText is every string Slack parses for markup: all text except that
// of plain_text objects, which Slack shows as is.
func parsedText(v any) string {
	var b strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			b.WriteString(v + "\n")
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			if v["type"] == "plain_text" {
				return
			}
			for k, x := range v {
				if k != "private_metadata" && k != "initial_value" {
					walk(x)
				}
			}
		}
	}
	walk(v)
	return b.String()
}

func toAny(t *testing.T, v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	json.Unmarshal(b, &out)
	return out
}

// TestEditionGolden pins the JSON that `preview --format slack` prints
// (go test -update rewrites it).
func TestEditionGolden(t *testing.T) {
	draft := sampleEdition()
	draft.State, draft.Number = digest.EditionDraft, 0
	for name, e := range map[string]digest.Edition{"edition-published": sampleEdition(), "edition-draft": draft,
		"edition-empty": {Title: "Empty", State: digest.EditionDraft}, "edition-imported": importedEdition()} {
		t.Run(name, func(t *testing.T) {
			got, err := EditionJSON(e)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the golden file; run go test -update and review the diff\n%s", name, got)
			}
		})
	}
}

// TestQueueListSaysWhenItShowsPart: a queue list of fewer stories than the
// queue holds ends by saying how many it shows; a whole one does not.
func TestQueueListSaysWhenItShowsPart(t *testing.T) {
	items := []bot.StoryItem{{Story: digest.Story{ID: 1, URL: "https://example.org/1", Headline: "One"}, SectorName: "Health"}}
	part := allText(toAny(t, replyMessages(bot.Reply{Body: bot.StoryList{Kind: bot.QueueList, Title: "Review queue", Items: items, Total: 25}}, time.UTC)))
	if !strings.Contains(part, "Showing the oldest 1 of 25 queued stories.") {
		t.Errorf("a partial queue does not say so:\n%s", part)
	}
	whole := allText(toAny(t, replyMessages(bot.Reply{Body: bot.StoryList{Kind: bot.QueueList, Title: "Review queue", Items: items, Total: 1}}, time.UTC)))
	if strings.Contains(whole, "Showing") {
		t.Errorf("the whole queue is said to be partial:\n%s", whole)
	}
}

// A search hit found through its editor's words shows the sentence that
// matched (bot.StoryItem.Excerpt) where the commentary would be.
func TestSearchHitShowsTheExcerpt(t *testing.T) {
	items := []bot.StoryItem{{Story: digest.Story{ID: 1, URL: "https://example.org/1", Headline: "Councils merge",
		Commentary: "An opening line. Then a zebra."}, Excerpt: "Then a zebra."}}
	got := allText(toAny(t, replyMessages(bot.Reply{Body: bot.StoryList{Kind: bot.SearchList, Title: "Search: zebra", Items: items}}, time.UTC)))
	if !strings.Contains(got, "Commentary: Then a zebra.") || strings.Contains(got, "An opening line") {
		t.Errorf("the excerpt is not shown in place of the commentary:\n%s", got)
	}
}

// A paragraph with a word longer than a block (an imported intro or
// section text has no limit) is shown whole over several blocks, split
// between entities, not cut short.
func TestChunksKeepAWordLongerThanABlock(t *testing.T) {
	word := strings.Repeat("a&b", 1500) // 4,500 characters, 10,500 escaped
	raw := "Before " + word + " after."
	got := chatMarkup.Paragraphs([]digest.Paragraph{{raw}})
	for i, c := range got {
		if n := textLen(c); n > maxText {
			t.Errorf("piece %d has %d characters, more than %d", i, n, maxText)
		}
		// A piece cut inside "&amp;" would show a stray "&am" and leave
		// "p;" to the next: each piece is whole escaped text.
		if broadcastWords.Replace(slackutilsx.EscapeMessage(strings.ReplaceAll(c, "&amp;", "&"))) != c {
			t.Errorf("piece %d is cut inside an entity: …%q", i, c[max(0, len(c)-12):])
		}
	}
	if joined, want := strings.Join(got, ""), strings.ReplaceAll(escape(raw), " ", ""); strings.ReplaceAll(joined, " ", "") != want {
		t.Errorf("pieces joined lose text: %d characters, want %d", textLen(joined), textLen(want))
	}
}

// TestContinuedMessageRepeatsItsSection: a message that continues a
// section in the middle of its stories starts, under its "continued"
// line, with that section's heading marked "(continued)", so a reader of
// the thread knows which sector the stories are in.
func TestContinuedMessageRepeatsItsSection(t *testing.T) {
	msgs := editionMessages(bigEdition(50))
	if len(msgs) < 2 {
		t.Fatalf("%d messages, want several", len(msgs))
	}
	section, midSection := "", 0
	for i, m := range msgs {
		for j, b := range m.Blocks {
			h, ok := b.(*slackgo.HeaderBlock)
			if i > 0 && j == 1 {
				if _, divider := b.(*slackgo.DividerBlock); divider {
					continue // a section starts the message
				}
				midSection++
				if !ok || h.Text.Text != section+" (continued)" {
					t.Errorf("message %d starts with %#v, want the header %q", i+1, b, section+" (continued)")
				}
				continue
			}
			if ok && j > 0 && !strings.HasSuffix(h.Text.Text, " (continued)") {
				section = h.Text.Text
			}
		}
	}
	if midSection == 0 {
		t.Fatal("no message continues a section: the edition does not test it")
	}
}

// TestItalicsMarkEveryLine: the editor's commentary and after-story text
// are in italics line by line, because Slack's emphasis does not reach
// across a line break (a paragraph's second line would show its "_" as
// text); a paragraph of very many short lines still fits its blocks.
func TestItalicsMarkEveryLine(t *testing.T) {
	e := sampleEdition()
	st := &e.Sections[0].Stories[0]
	st.Commentary = "Break on Through:\nOvercoming Barriers to Integration"
	st.Afterword = "Apply by 5 December.\n\nInterviews in January."
	b, err := json.Marshal(editionMessages(e))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`_Break on Through:_\n_Overcoming Barriers to Integration_`, `_Apply by 5 December._`, `_Interviews in January._`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("edition lacks %s", want)
		}
	}

	st.Commentary = strings.Repeat("a\n", 2500) + "end"
	msgs := editionMessages(e)
	checkLimits(t, msgs)
	b, _ = json.Marshal(msgs)
	if n := strings.Count(string(b), `_a_`); n != 2500 {
		t.Errorf("%d of 2,500 lines in italics", n)
	}
}
