package adaptertest

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// BotName is the bot's name in Replies: not the default, so that a
// platform's words that still say "Shared News" show themselves.
const BotName = "Council Digest"

// Replies are a reply of every kind a chat platform shows, each with all
// it can say: stories with their summaries, commentary, notes and facts, a
// did-you-mean, that a search matched more (with and without the web
// archive's link), a partial queue, sectors, a subscribed status with its
// delivery and email, help for editors, feeds with every line, a message
// with its usage.
func Replies() map[string]bot.Reply {
	when := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	queued := digest.Story{ID: 7, URL: "https://example.org/councils?a=1&b=2", Headline: "Two councils share a chief executive",
		Summary: "The councils expect to save money.", Source: "LocalGov", Sector: "local-government", State: digest.StateQueued,
		Submitter: digest.Person{Platform: "test", ID: "U1", Name: "ana"}, SubmitNote: "Worth a look", Commentary: "Another pair.", CreatedAt: when}
	published := digest.Story{ID: 3, URL: "https://example.org/3", Headline: "Fire and police share a headquarters",
		Source: "BBC News", Sector: "blue-light", State: digest.StatePublished, EditionNumber: 41}
	items := []bot.StoryItem{{Story: queued, SectorName: "Local Government"}, {Story: published, SectorName: "Blue Light Services", Excerpt: "A zebra."}}
	health := store.FeedHealth{LastFetchAt: when, LastStatus: "fetched", LastNewStories: 2, LastHeldBack: 1, LastError: "the server answered 503",
		ConsecutiveFailures: 2, NextPollAt: when.Add(time.Hour), MovedTo: "https://new.example/rss", HeldBackTotal: 3,
		LeftOut: store.LeftOut{NoLink: 1, PastLimit: 250}, LastFiltered: 4,
		HeldBack: []store.HeldBack{{Entry: digest.Story{URL: "https://wire.example/1", Headline: "Two councils share a boss"}, Of: queued}}}
	return map[string]bot.Reply{
		"message": {Body: bot.Message{Tone: bot.Problem, Text: "Give the link to the story.", Usage: "/shared submit URL [SECTOR] [NOTE…]"}},
		"queue":   {Body: bot.StoryList{Kind: bot.QueueList, Title: "Review queue", Items: items[:1], Total: 4}},
		"search": {Body: bot.StoryList{Kind: bot.SearchList, Title: "Search: police zebra", Items: items,
			Note: "Only some of your words matched.", DidYouMean: "policing", More: true, MoreURL: "https://news.example.org/search?q=police+zebra"}},
		"search, more": {Body: bot.StoryList{Kind: bot.SearchList, Title: "Search: council", Items: items[1:], More: true}},
		"nothing":      {Body: bot.StoryList{Kind: bot.SearchList, Title: "Search: devoluton", Empty: "Nothing matches “devoluton”.", DidYouMean: "devolution"}},
		"sectors": {Body: bot.SectorList{Items: []bot.SectorCount{{Sector: digest.Sector{Slug: "health", Name: "Health & Social Care",
			Aliases: []string{"nhs", "social care"}}, Stories: 2}, {Sector: digest.Sector{Slug: "housing", Name: "Housing"}, Stories: 1}}}},
		"status": {Zone: time.UTC, Body: bot.StatusView{Subscribed: true, Sectors: []digest.Sector{{Slug: "health", Name: "Health & Social Care"}},
			NextPublication: when, QueueSize: 3, DraftStories: 1, LatestEdition: 41, Command: "/shared", Name: BotName,
			Delivery: &bot.DeliveryTally{Edition: 41, Delivered: 2, Failed: 1, Failures: []bot.DeliveryFailure{{Channel: "#news", Reason: "the bot was removed"}}},
			Email:    &bot.EmailStatus{Enabled: true, Confirmed: 5, Edition: 41, Delivered: 5}}},
		"unsubscribed": {Body: bot.StatusView{Command: "/shared", Name: BotName, QueueSize: 1}},
		"help": {Body: bot.HelpView{Command: "/shared", Name: BotName, Chat: true, Entries: []bot.HelpEntry{{Usage: "/shared news [SECTOR] [N]", Summary: "the latest stories"},
			{Usage: "/shared approve ID [SECTOR]", Summary: "approve into the draft edition", EditorOnly: true}}}},
		"feeds": {Zone: time.UTC, Body: bot.FeedList{Command: "/shared", Items: []bot.FeedStatus{{Name: "Regional wire", URL: "https://wire.example/rss",
			Sector: "Local Government", Health: health}, {Name: "New feed", URL: "https://new.example/feed"}}}},
	}
}

var (
	addresses = regexp.MustCompile(`https?://[^\s)>\]|]+`)
	wordRun   = regexp.MustCompile(`[\p{L}\p{N}]+`)
)

// Cards are review cards of every kind a chat platform shows: a member's
// story with everything a card can say, waiting, edited, approved and
// rejected, and a newswire story whose suggested sector is not sure.
func Cards() map[string]bot.ReviewCard {
	when := time.Date(2026, 11, 19, 9, 15, 0, 0, time.UTC)
	member := digest.Story{ID: 12, URL: "https://example.org/trusts?a=1&b=2", Headline: "Two NHS trusts agree to share a chief executive",
		Summary: "The hospital trusts expect savings.\n\nBoards meet in May.", Source: "Health Service Journal", Sector: "health",
		SuggestedSector: "housing", State: digest.StateQueued, Submitter: digest.Person{Platform: "test", ID: "U1", Name: "Mason"},
		SubmitNote: "Worth a look", Commentary: "Another pair.\n\nAnd more to come.", CreatedAt: when}
	wire := digest.Story{ID: 13, URL: "https://wire.example/1", Headline: "Plans announced", Sector: "other", SuggestedSector: "other",
		State: digest.StateNewswire, CreatedAt: when}
	approved, rejected := member, member
	approved.State, rejected.State = digest.StateApproved, digest.StateRejected
	card := bot.ReviewCard{Story: member, SectorName: "Health & Social Care", SuggestedName: "Housing"}
	edited, yes, no := card, card, card
	edited.Note = "Sector changed by @ed"
	yes.Story, yes.Outcome = approved, "Approved by @ed into Health & Social Care"
	no.Story, no.Outcome = rejected, "Rejected by @ed: covered last week"
	return map[string]bot.ReviewCard{"waiting": card, "edited": edited, "approved": yes, "rejected": no,
		"not sure": {Story: wire, SectorName: "Other collaborative items", SuggestedName: "Other collaborative items", NotSure: true}}
}

// SameWords fails t unless shown, reply r as a platform showed it with its
// markup stripped, says the words r's outline (or message) says, in the
// same order when inOrder: platforms differ only in markup and in how they
// show a link's address and a moment, which are left out of both.
func SameWords(t testing.TB, name string, r bot.Reply, shown string, inOrder bool) {
	t.Helper()
	m, ok := r.Body.(bot.Message)
	if !ok {
		SameOutlineWords(t, name, r.Outline(nil), shown, inOrder)
		return
	}
	sameWords(t, name, m.Text+" "+m.UsageLine(), shown, inOrder)
}

// SameOutlineWords is SameWords for an outline, such as a review card's.
func SameOutlineWords(t testing.TB, name string, o bot.Outline, shown string, inOrder bool) {
	t.Helper()
	var want []string
	lines := append([]bot.Line{{{Text: o.Title}}}, o.Before...)
	for _, g := range o.Groups {
		lines = append(lines, bot.Line{{Text: g.Heading}})
		for _, e := range g.Entries {
			lines = append(append(lines, bot.Line{{Text: e.Name}}), e.Lines...)
			lines = append(lines, bot.Line{{Text: strings.Join(e.Facts, " ")}})
		}
	}
	for _, l := range append(lines, o.After...) {
		for _, s := range l {
			if s.Kind == bot.When {
				shown = strings.ReplaceAll(shown, s.Text, " ")
				continue
			}
			want = append(want, s.Text)
		}
	}
	sameWords(t, name, strings.Join(want, " "), shown, inOrder)
}

func sameWords(t testing.TB, name, want, shown string, inOrder bool) {
	t.Helper()
	got, exp := words(shown), words(want)
	if !inOrder {
		slices.Sort(got)
		slices.Sort(exp)
	}
	if !slices.Equal(got, exp) {
		t.Errorf("%s says other words than the outline:\n got %q\nwant %q\nshown:\n%s", name, got, exp, shown)
	}
}

// words are the runs of letters and digits in s, links' addresses left out.
func words(s string) []string {
	return wordRun.FindAllString(addresses.ReplaceAllString(s, " "), -1)
}
