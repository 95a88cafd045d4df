package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// TestEditorsWeekDraftIsWhatPublishPosts: an editor's week on a real
// edition of the newsletter (adaptertest.RealWeek): its stories queued
// with their commentary, approved by command, its intro written, its lead
// story picked and its sections ordered; the draft, in several messages,
// shows the intro, the lead under it, the sections in that order and each
// story's commentary above it, and publishing posts the draft's embeds,
// the same but for the first one's date.
func TestEditorsWeekDraftIsWhatPublishPosts(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	week := adaptertest.RealWeek(t, f.bot.Sectors())
	for i := range week.Stories {
		st, err := f.store.AddStory(ctx, week.Story(i))
		if err != nil {
			t.Fatal(err)
		}
		expect(t, "approve", f.say(editor, "approve", num("id", int(st.ID))), true, "Approved #")
		if i == week.Lead() {
			expect(t, "intro", f.say(editor, "intro", str("text", adaptertest.WeekIntro)), true, "intro")
			expect(t, "lead", f.say(editor, "lead", num("id", int(st.ID))), true, "leads the draft")
		}
	}
	order := week.Order
	orderOpts := []map[string]any{str("sector", order[0])}
	for i, slug := range order[1:] {
		orderOpts = append(orderOpts, str(fmt.Sprintf("sector%d", i+2), slug))
	}
	expect(t, "order", f.say(editor, "order", orderOpts...), true, "✅")
	expect(t, "subscribe", f.say(manager, "subscribe"), false, "subscribed to Shared News")

	e, err := f.bot.DraftEdition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	messages := len(EditionPayloads(e))
	if messages < 2 {
		t.Fatalf("the draft fits %d message", messages)
	}
	n := f.api.count()
	draft := f.say(editor, "draft")
	shown := draft.Data.Embeds
	// The draft's further messages follow once its answer is written.
	var followUps []call
	adaptertest.WaitFor(t, "the draft's follow-ups", func() bool {
		followUps = find(f.api.since(n), "POST", "webhooks/"+appID+"/")
		return len(followUps) >= messages-1
	})
	for _, c := range followUps {
		var p Payload
		if err := json.Unmarshal(c.Body, &p); err != nil {
			t.Fatal(err)
		}
		shown = append(shown, p.Embeds...)
	}

	// Reading the draft top to bottom: the intro, the lead under it, then
	// the sections in the order asked for, each story's commentary above
	// its headline.
	var read []string
	for _, e := range shown {
		read = append(read, e.Title, e.Description)
	}
	if w, after, ok := adaptertest.MissingFrom(read, week.Reading(f.bot.Sectors(), md)); !ok {
		t.Fatalf("the draft lacks %.80q after %.80q:\n%s", w, after, strings.Join(read, "\n---\n"))
	}

	n = f.api.count()
	expect(t, "publish", f.say(editor, "publish"), false, "Published edition 1")
	var posted []*discordgo.MessageEmbed
	for _, c := range find(f.api.since(n), "POST", "channels/"+newsChannel+"/messages") {
		var p Payload
		if err := json.Unmarshal(c.Body, &p); err != nil {
			t.Fatal(err)
		}
		posted = append(posted, p.Embeds...)
	}
	if len(posted) != len(shown) {
		t.Fatalf("the draft shows %d embeds, the channel got %d", len(shown), len(posted))
	}
	for i := range posted {
		a, b := *shown[i], *posted[i]
		if i == 0 {
			// The date: the draft's scheduled day, today once published.
			a.Author, b.Author, a.Title, b.Title = nil, nil, "", ""
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("embed %d of the draft is not the posted one:\n draft  %+v\n posted %+v", i+1, a, b)
		}
	}
}
