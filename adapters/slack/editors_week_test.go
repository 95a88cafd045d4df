package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// TestEditorsWeekDraftIsWhatPublishPosts: an editor's week on a real
// edition of the newsletter (2014-11-20): its stories queued with their
// commentary (three times over, for several messages), approved by typed
// command, its intro written, its lead
// story picked and its sections ordered (the edition's own order turned
// round); the draft shows the intro, the lead under it, the sections in
// that order and each story's commentary above it, and publishing posts
// those messages, the same but for the draft's lines and the date.
func TestEditorsWeekDraftIsWhatPublishPosts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	name := "../../../shared/testdata/digests/2014-11-20-newsletter.txt"
	r, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	eds, err := archive.Parser{Sectors: f.bot.Sectors()}.Parse(name, r)
	r.Close()
	if err != nil || len(eds) == 0 {
		t.Fatalf("%s: %v", name, err)
	}
	e := eds[0]
	var stories []archive.ParsedStory
	stories = append(stories, e.Lead...)
	var order []string // the edition's sectors turned round
	for _, sec := range e.Sections {
		stories = append(stories, sec.Stories...)
		if len(sec.Stories) > 0 && !slices.Contains(order, sec.Sector.Slug) {
			order = append([]string{sec.Sector.Slug}, order...)
		}
	}
	if len(order) < 2 || len(stories) < 4 {
		t.Fatalf("%s: %d stories in %v", name, len(stories), order)
	}
	// Three times over, each copy a story of its own, the edition takes
	// several messages.
	stories = slices.Concat(stories, stories, stories)
	ids := make([]int64, len(stories))
	for i, s := range stories {
		st, err := f.store.AddStory(ctx, digest.Story{URL: fmt.Sprintf("https://news.example.org/%d", i),
			Headline: s.Headline, Summary: s.Summary, Commentary: s.Commentary, Source: "Local Government Chronicle",
			Sector: s.Sector.Slug, State: digest.StateQueued})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = st.ID
		if text := allText(f.command(editorID, fmt.Sprintf("approve %d", st.ID))); !strings.Contains(text, "Approved") {
			t.Fatalf("approve %d: %s", st.ID, text)
		}
	}
	lead := stories[len(stories)-1] // the last story of the last section leads
	intro := "A busy week for shared services.\\nTwo councils agreed a shared chief executive."
	for _, cmd := range []string{"intro " + intro, fmt.Sprintf("lead %d", ids[len(ids)-1]), "order " + strings.Join(order, " ")} {
		if text := allText(f.command(editorID, cmd)); strings.Contains(text, "⚠️") {
			t.Fatalf("%s: %s", cmd, text)
		}
	}
	f.command(adminID, "subscribe")

	draft, err := f.bot.DraftEdition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	draft.Subscribe = f.bot.ChatSubscribe(PlatformName) // as the draft is shown in Slack
	messages := len(replyMessages(bot.Reply{Body: bot.EditionView{Edition: draft, Note: "x"}}, time.UTC))
	if messages < 2 || messages > maxResponseURLs {
		t.Fatalf("the draft takes %d messages", messages)
	}
	body, path := f.slashForm(editorID, "CGENERAL", "draft")
	f.sendSigned("/slack/commands", formType, body)
	adaptertest.WaitFor(t, "the answer to /shared draft", func() bool { return len(f.slack.Responses(path)) == messages })
	var shown []string
	for _, a := range f.slack.Responses(path) {
		blocks, _ := a.Body["blocks"].([]any)
		var texts []string
		for _, b := range blocks {
			texts = append(texts, canonical(t, b))
		}
		shown = append(shown, texts...)
	}
	if dms := f.dmsTo(editorID); len(dms) > 0 {
		t.Fatalf("the draft came by %d direct messages", len(dms))
	}

	// Reading the draft top to bottom: the intro, the lead under it, then
	// the sections in the order asked for, each story's commentary above
	// its headline.
	want := []string{"A busy week for shared services.", "Two councils agreed a shared chief executive.",
		escape(digest.OneLine(lead.Headline))}
	sectors := f.bot.Sectors()
	for _, slug := range order {
		sec, _ := sectors.Lookup(slug)
		want = append(want, sec.Name) // a header is plain text
		for i, s := range stories {
			if s.Sector.Slug != slug || i == len(stories)-1 {
				continue
			}
			if c := strings.TrimSpace(s.Commentary); c != "" {
				want = append(want, escape(strings.SplitN(c, "\n", 2)[0]))
			}
			want = append(want, escape(digest.OneLine(s.Headline)))
		}
	}
	at := 0
	for _, w := range want {
		i := adaptertest.IndexFrom(shown, at, w)
		if i < 0 {
			t.Fatalf("the draft lacks %.80q after %.80q:\n%s", w, shown[max(at-1, 0)], strings.Join(shown, "\n---\n"))
		}
		at = i
	}

	before := len(f.slack.Calls("chat.postMessage"))
	f.command(editorID, "publish")
	adaptertest.WaitFor(t, "the edition in the channel", func() bool {
		for _, c := range f.slack.Calls("chat.postMessage")[before:] {
			if c.Form.Get("channel") == "CGENERAL" {
				return true
			}
		}
		return false
	})
	var posted []string
	for _, c := range f.slack.Calls("chat.postMessage")[before:] {
		if c.Form.Get("channel") == "CGENERAL" {
			for _, b := range blocksOf(t, c) {
				posted = append(posted, canonical(t, b))
			}
		}
	}
	// Under the draft's two lines (when it goes out, and that it is a
	// draft), the same blocks in the same order, but for the date: the
	// draft shows its scheduled day, publishing now dates it today.
	pub, err := f.store.LatestEdition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	published := f.bot.Edition(pub)
	dated := strings.NewReplacer(" · Edition 1", "", published.Title, draft.Title,
		published.Outline().DateLine(), draft.Outline().DateLine())
	for i, text := range shown[2:] {
		if i >= len(posted) || dated.Replace(posted[i]) != text {
			t.Errorf("block %d of the draft is not the posted edition's:\n draft  %.200q\n posted %.200q", i+3, text, posted[min(i, len(posted)-1)])
			break
		}
	}
	if len(posted) != len(shown)-2 {
		t.Errorf("the draft shows %d blocks under its lines, the channel got %d", len(shown)-2, len(posted))
	}
}

// canonical is a decoded block as JSON with its keys sorted, to compare
// and search blocks whatever order their fields came in.
func canonical(t *testing.T, b any) string {
	t.Helper()
	var out strings.Builder
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false) // "&amp;" as mrkdwn writes it, not "\u0026amp;"
	if err := enc.Encode(b); err != nil {
		t.Fatal(err)
	}
	return out.String()
}
