package slack

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// worstStory is a story at every limit the bot lets in: a 300-character
// headline of markup and emoji, a 3,000-character summary (the most
// feeds.summary_chars allows), 1,000 characters of commentary in many
// paragraphs, a note, a long source and a 2,048-character link whose query
// is mostly "&".
func worstStory(id int64) digest.Story {
	link := "https://news.example.org/story?" + strings.Repeat("a=1&", 600)
	link = link[:digest.MaxURLLength]
	return digest.Story{ID: id, URL: link,
		Headline:   strings.Repeat("&😀<", 100),
		Summary:    strings.Repeat("R&D <b> 😀 ", 300),
		Commentary: strings.TrimSpace(strings.Repeat("A & B.\n\n", 125)),
		Afterword:  strings.Repeat("After & 😀 ", 100),
		Source:     strings.Repeat("Source & Co ", 20),
		SubmitNote: strings.Repeat("Note <@U1> & ", 76),
		Submitter:  digest.Person{Platform: PlatformName, ID: "U1", Name: "Ana"},
		Sector:     "health", State: digest.StateQueued}
}

// TestWorstCasePayloadsKeepSlackLimits: every payload the adapter renders
// from the worst content the bot accepts is one Slack takes.
func TestWorstCasePayloadsKeepSlackLimits(t *testing.T) {
	sectors := digest.Sectors(config.Default().DigestSectors())
	st := worstStory(7)
	e := bigEdition(60)
	e.Title = strings.Repeat("Title & 😀 ", 40)
	e.Intro = strings.Repeat("Intro & <x> 😀. ", 250)
	e.Footer = strings.Repeat("Footer & 😀 ", 100)
	for i := range e.Sections {
		for j := range e.Sections[i].Stories {
			w := worstStory(e.Sections[i].Stories[j].ID)
			e.Sections[i].Stories[j] = w
		}
	}
	e.Lead = []digest.Story{worstStory(999)}
	checkSlack(t, "edition", editionMessages(e))
	draft := e
	draft.State = digest.EditionDraft
	checkSlack(t, "draft", editionMessages(draft))

	checkSlack(t, "card", cardMessage(bot.ReviewCard{Story: st, SectorName: "Health", SuggestedName: "Housing"}, sectors, time.UTC))
	checkSlack(t, "decided card", cardMessage(bot.ReviewCard{Story: st, SectorName: "Health",
		Outcome: "Rejected by @ed: " + strings.Repeat("reason & ", 60), Note: "Edited by @ed"}, sectors, time.UTC))
	items := []bot.StoryItem{}
	for i := range 20 {
		items = append(items, bot.StoryItem{Story: worstStory(int64(i + 1)), SectorName: "Health"})
	}
	checkSlack(t, "news", replyMessages(bot.Reply{Body: bot.StoryList{Kind: bot.NewsList, Title: "Latest & greatest", Items: items}}, time.UTC))
	checkSlack(t, "queue", replyMessages(bot.Reply{Body: bot.StoryList{Kind: bot.QueueList, Title: "Review queue", Items: items, Total: 80}}, time.UTC))
	checkSlack(t, "notice", noticeMessages(bot.Message{Tone: bot.Problem, Text: strings.Repeat("x & ", 2000), Usage: "/shared x <y>"}))
	checkSlack(t, "edit form", cardForm(bot.EditForm, formMeta{Story: 7, Card: "CREVIEW/1700000000.000001"}, st, sectors))
	checkSlack(t, "reject form", cardForm(bot.RejectForm, formMeta{Story: 7, Card: "CREVIEW/1700000000.000001"}, st, sectors))
}

// TestEditFormLeavesAnUnshowableFieldAlone: a summary longer than any
// Slack input holds (3,000) gets a note instead of an input, so saving the
// form cannot send it back cut or empty.
func TestEditFormLeavesAnUnshowableFieldAlone(t *testing.T) {
	st := worstStory(7)
	st.Summary = strings.Repeat("😀", 1600)
	view := toAny(t, cardForm(bot.EditForm, formMeta{Story: 7}, st, digest.Sectors(config.Default().DigestSectors()))).(map[string]any)
	text := allText(view)
	if strings.Contains(text, "plain_text_input\n"+bot.FieldSummary) || !strings.Contains(text, "*Summary:* 3200 characters, more than a form can show") {
		t.Errorf("edit form with a 3,200-character summary:\n%.2000s", text)
	}
	for _, b := range view["blocks"].([]any) {
		if b.(map[string]any)["block_id"] == bot.FieldSummary {
			t.Errorf("the summary has an input: %v", b)
		}
	}
}

// TestEditionShowsLongSummariesWhole: feeds.summary_chars allows summaries
// of 3,000 characters, and an imported edition's have no limit. With the
// headline and "Read more >>>" they do not fit one section; the edition used
// to cut them with "…" (text lost from the published edition in Slack only).
// Now the summary continues in the next section, and "Read more >>>" still
// ends it.
func TestEditionShowsLongSummariesWhole(t *testing.T) {
	e := sampleEdition()
	st := &e.Sections[0].Stories[0]
	st.Headline = strings.TrimSpace(strings.Repeat("Councils agree to share a chief executive & more ", 6))
	st.Summary = strings.TrimSpace(strings.Repeat("The councils expect R&D savings 😀 of £150,000. ", 62))
	st.Summary += "\n\nA second paragraph ends it."
	imported := &e.Sections[0].Stories[1]
	imported.Summary = strings.TrimSpace(strings.Repeat("An imported summary from 2014 with no limit at all. ", 200))
	msgs := editionMessages(e)
	checkSlack(t, "edition", msgs)
	text := strings.Join(sectionTexts(msgs), " ")
	words := strings.Join(strings.Fields(text), " ")
	for _, s := range []digest.Story{*st, *imported} {
		want := strings.Join(strings.Fields(escape(s.Summary)), " ") + " <" + s.URL + "|Read more &gt;&gt;&gt;>"
		if !strings.Contains(words, want) {
			t.Errorf("story %d's summary is not shown whole, ending in Read more:\n%s", s.ID, text)
		}
	}
}

// TestOversizedStoryIsSplitNotRefused: an imported story's text has no
// limit. One whose afterword (or summary) is longer than a message holds used
// to get a message of its own anyway, over what chat.postMessage takes
// (msg_blocks_too_long past about 12,000 characters), so the whole edition
// failed to reach every channel. Such a story now continues in the next
// message, its sector heading repeated, with nothing lost.
func TestOversizedStoryIsSplitNotRefused(t *testing.T) {
	e := importedEdition()
	st := &e.Sections[0].Stories[0]
	st.Afterword = strings.TrimSpace(strings.Repeat("A long afterword sentence, imported as written. ", 400))
	msgs := editionMessages(e)
	checkLimits(t, msgs)
	checkSlack(t, "edition", msgs)
	if n := strings.Count(allText(toAny(t, msgs)), "afterword"); n != 400 {
		t.Errorf("the afterword is shown %d of 400 times", n)
	}
}

// TestLongNoticeReachesEditorsWhole: the editors' report of failed
// deliveries names every channel, one line each; with hundreds of channels
// (a revoked token fails them all) it is far over one section. It used to be
// cut at 3,000 characters with "…", the rest of the channels never named.
// Now it continues over further sections and messages, within Slack's limits.
func TestLongNoticeReachesEditorsWhole(t *testing.T) {
	f := newFixture(t)
	var b strings.Builder
	b.WriteString("Delivery of edition 12 failed in 400 channels:")
	for i := range 400 {
		fmt.Fprintf(&b, "\n• #council-news-%03d (slack C%08d) — the bot's token has been revoked", i, i)
	}
	if err := f.ad.PostToReview(context.Background(), bot.Message{Tone: bot.Problem, Text: b.String()}); err != nil {
		t.Fatal(err)
	}
	all := ""
	for _, c := range f.slack.Calls("chat.postMessage") {
		p := callPayload(t, c)
		for _, prob := range slackProblems(p) {
			t.Errorf("notice: %s", prob)
		}
		all += allText(p)
	}
	for i := range 400 {
		if !strings.Contains(all, fmt.Sprintf("#council-news-%03d (slack C%08d)", i, i)) {
			t.Fatalf("channel %d is not named in what the editors got", i)
		}
	}
}

// TestEditionKeepsALinkInALongSummaryWhole: a link pasted into a summary
// too long for one section, up to half a section long, is shown whole in
// one section, where Slack links it, not cut between two.
func TestEditionKeepsALinkInALongSummaryWhole(t *testing.T) {
	e := importedEdition()
	st := &e.Sections[0].Stories[0]
	word := "https://track.example.org/c?" + strings.Repeat("id=1&", 150) + "end"
	filler := strings.TrimSpace(strings.Repeat("An imported summary with no limit at all. ", 30))
	st.Summary = filler + " " + word + " " + filler
	msgs := editionMessages(e)
	checkLimits(t, msgs)
	want := strings.ReplaceAll(word, "&", "&amp;")
	for _, text := range sectionTexts(msgs) {
		if strings.Contains(text, want) {
			return
		}
	}
	t.Errorf("no section holds the %d-character link whole", textLen(want))
}

// TestStoryTextNeverOverItsRoom: whatever the lengths of the link and of the
// headline (up to the bot's 300 characters), every piece of a story is
// within a section's 3,000, including when headline and link leave no room
// for the summary.
func TestStoryTextNeverOverItsRoom(t *testing.T) {
	for amps := 0; amps <= 300; amps += 3 {
		u := "https://news.example.org/a?" + strings.Repeat("b&", amps)
		u += strings.Repeat("c", max(0, digest.MaxURLLength-len(u)))
		more := textLen(link(u, digest.ReadMore))
		for _, h := range []string{"h", "&"} {
			w := textLen(escape(h))
			for n := 1; n <= 300; n++ {
				// Every fiftieth length, and each near where the headline
				// and the link fill a room exactly.
				near := func(room int) bool { d := w*n + 2 + more + 3 - room; return d > -8 && d < 8 }
				if n%50 != 0 && !near(maxText) && !near(2000) {
					continue
				}
				for _, sum := range []string{"A summary.", ""} {
					o := digest.Story{ID: 1, URL: u, Headline: strings.Repeat(h, n), Summary: sum}.Outline()
					for _, piece := range chatMarkup.Story(o) {
						if textLen(piece) > maxText {
							t.Fatalf("%d ampersands, headline of %d %q: a piece of %d characters", amps, n, h, textLen(piece))
						}
					}
				}
			}
		}
	}
}

// TestEditionKeepsALongWordOfALongSummary: an imported summary has no
// limit, and may hold a word far longer than half a section (a tracking
// link pasted into the text, escaped "&" by "&" into five characters
// each). A summary too long for one section continues in the next, and
// such a word continues with it, whole, rather than being cut with "…".
func TestEditionKeepsALongWordOfALongSummary(t *testing.T) {
	e := importedEdition()
	st := &e.Sections[0].Stories[0]
	word := "https://track.example.org/c?" + strings.Repeat("id=1&", 400) + "end"
	st.Summary = strings.TrimSpace(strings.Repeat("An imported summary with no limit at all. ", 60)) + " " + word + " and the last words."
	msgs := editionMessages(e)
	checkLimits(t, msgs)
	checkSlack(t, "edition", msgs)
	// A word may continue in the next section.
	text := strings.Join(strings.Fields(strings.Join(sectionTexts(msgs), "")), "")
	if n := strings.Count(text, "id=1&amp;"); n != 400 {
		t.Errorf("the long word shows %d of its 400 parts", n)
	}
	if !strings.Contains(text, "endandthelastwords.") {
		t.Errorf("the words after the long one are lost")
	}
}

// sectionTexts is the text of every section of msgs, in order.
func sectionTexts(msgs []message) []string {
	var out []string
	for _, m := range msgs {
		for _, b := range m.Blocks {
			if s, ok := b.(*slackgo.SectionBlock); ok {
				out = append(out, s.Text.Text)
			}
		}
	}
	return out
}
