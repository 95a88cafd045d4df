package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/bot"
)

// TestEditorsWeekDraftIsWhatPublishPosts: an editor's week on a real
// edition of the newsletter (adaptertest.RealWeek): its stories queued
// with their commentary, approved by typed command, its intro written, its
// lead story picked and its sections ordered; the draft, in several
// messages, shows the intro, the lead under it, the sections in that order
// and each story's commentary above it, and publishing posts those
// messages, the same but for the draft's lines and the date.
func TestEditorsWeekDraftIsWhatPublishPosts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	week := adaptertest.RealWeek(t, f.bot.Sectors())
	var lead int64
	for i := range week.Stories {
		st, err := f.store.AddStory(ctx, week.Story(i))
		if err != nil {
			t.Fatal(err)
		}
		if text := allText(f.command(editorID, fmt.Sprintf("approve %d", st.ID))); !strings.Contains(text, "Approved") {
			t.Fatalf("approve %d: %s", st.ID, text)
		}
		if i == week.Lead() {
			lead = st.ID
		}
	}
	for _, cmd := range []string{"intro " + adaptertest.WeekIntro, fmt.Sprintf("lead %d", lead), "order " + strings.Join(week.Order, " ")} {
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
	if w, after, ok := adaptertest.MissingFrom(shown, week.Reading(f.bot.Sectors(), escape)); !ok {
		t.Fatalf("the draft lacks %.80q after %.80q:\n%s", w, after, strings.Join(shown, "\n---\n"))
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
