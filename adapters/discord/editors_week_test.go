package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/digest"
)

// TestEditorsWeekDraftIsWhatPublishPosts: an editor's week on a real
// edition of the newsletter (2014-11-20): its stories queued with their
// commentary (three times over, for several messages), approved by command, its intro written, its lead story
// picked and its sections ordered (the edition's own order turned
// round); the draft shows the intro, the lead under it, the sections in
// that order and each story's commentary above it, and publishing posts
// the draft's embeds, the same but for the first one's date.
func TestEditorsWeekDraftIsWhatPublishPosts(t *testing.T) {
	f := newFixture(t, nil)
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
	var (
		stories []archive.ParsedStory
		order   []string // the edition's sectors turned round
	)
	stories = append(stories, eds[0].Lead...)
	for _, sec := range eds[0].Sections {
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
	var last int64
	for i, s := range stories {
		st, err := f.store.AddStory(ctx, digest.Story{URL: fmt.Sprintf("https://news.example.org/%d", i),
			Headline: s.Headline, Summary: s.Summary, Commentary: s.Commentary, Source: "Local Government Chronicle",
			Sector: s.Sector.Slug, State: digest.StateQueued})
		if err != nil {
			t.Fatal(err)
		}
		expect(t, "approve", f.say(editor, "approve", num("id", int(st.ID))), true, "Approved #")
		last = st.ID
	}
	lead := stories[len(stories)-1] // the last story of the last section leads
	expect(t, "intro", f.say(editor, "intro", str("text", `A busy week for shared services.\nTwo councils agreed a shared chief executive.`)), true, "intro")
	expect(t, "lead", f.say(editor, "lead", num("id", int(last))), true, "leads the draft")
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
	want := []string{"A busy week for shared services.", "Two councils agreed a shared chief executive.", md(digest.OneLine(lead.Headline))}
	for _, slug := range order {
		sec, _ := f.bot.Sectors().Lookup(slug)
		want = append(want, sec.Name)
		for i, s := range stories {
			if s.Sector.Slug != slug || i == len(stories)-1 {
				continue
			}
			if c := strings.TrimSpace(s.Commentary); c != "" {
				want = append(want, md(strings.SplitN(c, "\n", 2)[0]))
			}
			want = append(want, md(digest.OneLine(s.Headline)))
		}
	}
	at := 0
	for _, w := range want {
		i := adaptertest.IndexFrom(read, at, w)
		if i < 0 {
			t.Fatalf("the draft lacks %.80q after %.80q:\n%s", w, read[max(at-1, 0)], strings.Join(read, "\n---\n"))
		}
		at = i
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
