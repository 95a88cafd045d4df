package bot

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/search"
	"github.com/sharednews/sharednews/store"
)

func TestPublishedEditionIsWhatChatShows(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	if _, err := f.bot.LatestPublishedEdition(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("latest with nothing published: %v", err)
	}
	for _, url := range []string{"https://example.org/a", "https://example.org/b"} {
		if _, err := f.store.AddStory(ctx, digest.Story{URL: url, Headline: "Council merger " + url, Sector: "health",
			State: digest.StateQueued}); err != nil {
			t.Fatal(err)
		}
	}
	f.say(editor, "approve 1")
	f.say(editor, "approve 2 housing")
	if r := f.say(editor, "publish"); tone(r) != Success {
		t.Fatal(text(r))
	}
	chat, ok := f.say(member, "edition 1").Body.(EditionView)
	if !ok {
		t.Fatal("edition 1 is not an edition")
	}
	web, err := f.bot.PublishedEdition(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Chat's copy says how a channel subscribes (its footer); the rest is
	// the same edition.
	if want := f.bot.ChatSubscribe("slack"); chat.Edition.Subscribe != want {
		t.Errorf("chat's edition says to subscribe by %q, want %q", chat.Edition.Subscribe, want)
	}
	chat.Edition.Subscribe = ""
	if !reflect.DeepEqual(web, chat.Edition) {
		t.Errorf("PublishedEdition(1) = %+v\nchat shows %+v", web, chat.Edition)
	}
	if latest, err := f.bot.LatestPublishedEdition(ctx); err != nil || !reflect.DeepEqual(latest, chat.Edition) {
		t.Errorf("LatestPublishedEdition = %+v, %v", latest, err)
	}
	if _, err := f.bot.PublishedEdition(ctx, 2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("edition 2: %v", err)
	}
}

func TestSearchPublishedRefusesAsChatDoes(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	for _, words := range []string{"", "   ", strings.Repeat("é", search.MaxQueryRunes+1)} {
		chat := text(f.say(member, "search "+words))
		got, err := f.bot.SearchPublished(ctx, words, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got.Refusal == "" || got.Refusal != chat || got.Stories != nil {
			t.Errorf("SearchPublished(%.20q) = %+v; chat says %q", words, got, chat)
		}
	}
}

func TestSearchPublishedFindsOnlyPublishedStories(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	for _, name := range []string{"published", "approved", "queued"} {
		if _, err := f.store.AddStory(ctx, digest.Story{URL: "https://example.org/" + name, Headline: "Devolution deal " + name,
			Sector: "health", State: digest.StateQueued}); err != nil {
			t.Fatal(err)
		}
	}
	f.say(editor, "approve 1")
	f.say(editor, "publish")
	f.say(editor, "approve 2")
	got, err := f.bot.SearchPublished(ctx, "devolution deal", 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.Refusal != "" || len(got.Stories) != 1 || got.Stories[0].Story.Headline != "Devolution deal published" {
		t.Fatalf("SearchPublished = %+v", got)
	}
	none, err := f.bot.SearchPublished(ctx, "nothingatall", 1)
	chat, _ := f.say(member, "search nothingatall").Body.(StoryList)
	if err != nil || len(none.Stories) != 0 || none.Empty == "" || none.Empty != chat.Empty {
		t.Fatalf("no match = %+v, %v; chat says %q", none, err, chat.Empty)
	}
}

// TestSearchForALinkNoStoryHasInChatAndOnTheWeb: a reader who pastes the
// article's own link, where the archive keeps another (the one the editor
// shared) or none, is shown the story by the words of the link's address
// in chat and on the web alike, told so, and under the link as typed.
func TestSearchForALinkNoStoryHasInChatAndOnTheWeb(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	const headline = "Council mergers: poor services letting people down"
	if _, err := f.store.AddStory(ctx, digest.Story{URL: "https://example.org/a", Headline: headline, Sector: "health",
		State: digest.StateQueued}); err != nil {
		t.Fatal(err)
	}
	f.say(editor, "approve 1")
	if r := f.say(editor, "publish"); tone(r) != Success {
		t.Fatal(text(r))
	}
	const link = "https://www.theguardian.com/society/2014/jul/10/council-mergers-poor-services"
	note := "No story has the link “" + link + "”: these are the stories with the words of its address, “council mergers poor services”."
	chat, ok := f.say(member, "search "+link).Body.(StoryList)
	if !ok {
		t.Fatalf("search for a link: %s", text(f.say(member, "search "+link)))
	}
	if len(chat.Items) != 1 || chat.Items[0].Story.Headline != headline || chat.Note != note || chat.Title != "Search: "+link {
		t.Errorf("chat: %q, %d stories (%+v), note %q; want %q and the note %q", chat.Title, len(chat.Items), chat.Items, chat.Note, headline, note)
	}
	web, err := f.bot.SearchPublished(ctx, link, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(web.Stories) != 1 || web.Stories[0].Story.Headline != headline || web.Note != note || web.Words != link || web.DidYouMean != "" {
		t.Errorf("web: %+v; want %q with the note %q", web, headline, note)
	}
}
