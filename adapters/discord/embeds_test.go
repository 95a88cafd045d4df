package discord

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// TestRepliesWithinLimits renders every kind of reply, including large and
// hostile ones, and checks Discord's limits and mentions on each message.
func TestRepliesWithinLimits(t *testing.T) {
	when := time.Date(2024, 3, 7, 9, 0, 0, 0, time.UTC)
	hostile := digest.Story{ID: 7, URL: "https://example.org/x", Headline: "@everyone <@1> " + strings.Repeat("long ", 100),
		Summary: strings.Repeat("@here summary ", 200), Source: "<@&5>", Sector: "health", State: digest.StateQueued,
		Submitter: digest.Person{Platform: PlatformName, ID: "1", Name: "@everyone"}, SubmitNote: "<@2> " + strings.Repeat("n", 900),
		CreatedAt: when}
	var items []bot.StoryItem
	for range 20 {
		items = append(items, bot.StoryItem{Story: hostile, SectorName: "Health & Social Care"})
	}
	var sectors []bot.SectorCount
	for i := range 40 {
		sectors = append(sectors, bot.SectorCount{Sector: digest.Sector{Slug: fmt.Sprintf("s%d", i), Name: "Sector @here " + strings.Repeat("x", 200),
			Aliases: []string{strings.Repeat("alias ", 100)}}, Stories: i})
	}
	var feeds []bot.FeedStatus
	for i := range 30 {
		feeds = append(feeds, bot.FeedStatus{Name: fmt.Sprintf("Feed %d", i), URL: "https://example.org/feed", Sector: "Health",
			Health: store.FeedHealth{LastFetchAt: when, LastStatus: "200", LastNewStories: 3, LastError: strings.Repeat("timeout ", 100),
				ConsecutiveFailures: 2, NextPollAt: when.Add(time.Hour), LastHeldBack: 2, HeldBackTotal: 9,
				HeldBack: []store.HeldBack{{Entry: hostile, Of: hostile}, {Entry: hostile, Of: digest.Story{ID: 3}}}}})
	}
	var help []bot.HelpEntry
	for i := range 30 {
		help = append(help, bot.HelpEntry{Usage: fmt.Sprintf("/shared cmd%d ARG", i), Summary: strings.Repeat("does things ", 20), EditorOnly: i > 10})
	}
	for name, r := range map[string]bot.Reply{
		"message": {Body: bot.Message{Tone: bot.Problem, Text: "@everyone " + strings.Repeat("x", 3000), Usage: "/shared x"}},
		"queue":   {Body: bot.StoryList{Kind: bot.QueueList, Title: "Review queue", Items: items, Total: 40}},
		"news":    {Body: bot.StoryList{Kind: bot.NewsList, Title: "Latest", Items: items}},
		"empty":   {Body: bot.StoryList{Kind: bot.SearchList, Title: "Search", Empty: "Nothing matches “@everyone”."}},
		"sectors": {Body: bot.SectorList{Items: sectors}},
		"feeds":   {Body: bot.FeedList{Items: feeds, Command: "/shared"}},
		"help":    {Body: bot.HelpView{Command: "/shared", Entries: help}},
		"status": {Body: bot.StatusView{Subscribed: true, Sectors: []digest.Sector{{Slug: "health", Name: "Health"}},
			NextPublication: when, QueueSize: 3, DraftStories: 2, LatestEdition: 41,
			Delivery: &bot.DeliveryTally{Edition: 41, Delivered: 1, Failed: 1,
				Failures: []bot.DeliveryFailure{{Channel: "discord channel 1", Reason: "<@1> " + strings.Repeat("e", 2000)}}}}},
		"edition": {Body: bot.EditionView{Edition: longEdition()}},
	} {
		ps := renderReply(r)
		checkPayloads(t, ps)
		if name == "queue" && (len(ps) < 2 || !strings.Contains(ps[0].Content, "the oldest 20 of 40")) {
			t.Errorf("queue: %d messages, header %q", len(ps), ps[0].Content)
		}
		if name == "status" && !strings.Contains(ps[0].Embeds[0].Description, "<t:1709802000:F>") {
			t.Errorf("status next edition: %q", ps[0].Embeds[0].Description)
		}
		if name == "feeds" && !strings.Contains(ps[0].Embeds[0].Description, "9 entries held back as duplicates, not kept (to keep one: `/shared submit URL`)") {
			t.Errorf("feeds: %q", ps[0].Embeds[0].Description)
		}
		if name == "sectors" && len(ps) < 2 {
			t.Errorf("40 long sectors in %d messages", len(ps))
		}
	}
}

// TestReviewCardGolden pins a review card as posted and as decided.
func TestReviewCardGolden(t *testing.T) {
	s := digest.Story{ID: 12, URL: "https://www.hsj.co.uk/news/trusts/123.article", Headline: "Two NHS trusts agree to share a chief executive",
		Summary: "The hospital trusts expect savings.", Source: "Health Service Journal", Sector: "health", SuggestedSector: "health",
		State: digest.StateQueued, Submitter: digest.Person{Platform: PlatformName, ID: memberID, Name: "Mason"}, SubmitNote: "Worth a look",
		CreatedAt: time.Date(2026, 11, 19, 9, 15, 0, 0, time.UTC)}
	queued := cardPayload(bot.ReviewCard{Story: s, SectorName: "Health & Social Care"}, testSectors(), time.UTC)
	s.State, s.Sector = digest.StateApproved, "housing"
	decided := cardPayload(bot.ReviewCard{Story: s, SectorName: "Housing", Outcome: "Approved by @ed into Housing"}, testSectors(), time.UTC)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode([]Payload{seal(queued), seal(decided)}); err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("testdata", "golden", "review-card.json"), buf.Bytes())
	checkPayloads(t, []Payload{seal(queued), seal(decided)})
	if body, _ := json.Marshal(decided.edit()); len(decided.Components) != 0 || !bytes.Contains(body, []byte(`"components":[]`)) {
		t.Errorf("a decided card's edit must send an empty components array: %s", body)
	}
}

// A search hit found through its editor's words shows the sentence that
// matched (bot.StoryItem.Excerpt) where the commentary would be.
func TestSearchHitShowsTheExcerpt(t *testing.T) {
	e := renderReply(bot.Reply{Body: bot.StoryList{Kind: bot.SearchList, Title: "Search: zebra", Items: []bot.StoryItem{{Story: digest.Story{ID: 1,
		URL: "https://example.org/1", Headline: "Councils merge", Commentary: "An opening line. Then a zebra."}, Excerpt: "Then a zebra."}}}})[0].Embeds[0]
	if !strings.Contains(e.Description, "Then a zebra.") || strings.Contains(e.Description, "An opening line") {
		t.Errorf("the excerpt is not shown in place of the commentary: %q", e.Description)
	}
}

// worstCaseStory is a story at the longest of everything the bot accepts
// into the review queue: a canonical link of digest.MaxURLLength full of
// parentheses (which a Markdown link must escape), a feed's headline and
// summary at their limits (feeds.summary_chars may be 3,000) full of
// characters Markdown escapes, and a member's note and the editor's
// commentary at theirs.
func worstCaseStory(t *testing.T) digest.Story {
	t.Helper()
	link := ("https://example.org/" + strings.Repeat("a_(b)", digest.MaxURLLength/5))[:digest.MaxURLLength]
	canonical, err := digest.Canonicalize(link)
	if err != nil || len(canonical) != digest.MaxURLLength {
		t.Fatalf("the worst-case link is not canonical at the limit: %d %v", len(canonical), err)
	}
	return digest.Story{ID: 123456, URL: canonical, Headline: strings.Repeat("h*", bot.MaxHeadline/2),
		Summary: strings.Repeat("s_", 3000/2), Commentary: strings.Repeat("c*", bot.MaxCommentary/2),
		SubmitNote: strings.Repeat("n_", bot.MaxCommentary/2), Source: "Health Service Journal", Sector: "health",
		State: digest.StateQueued, Submitter: digest.Person{Platform: PlatformName, ID: "1", Name: "Mason"}}
}

// The headline of a story's embed links the story as stored, even at the
// longest link the bot accepts: an embed's url takes at most 2,048
// characters (Discord's OpenAPI spec, RichEmbed.url), and escaping the
// parentheses a Markdown link must escape would take it past that.
func TestEmbedLinksTheLongestLink(t *testing.T) {
	s := worstCaseStory(t)
	card := seal(cardPayload(bot.ReviewCard{Story: s}, testSectors(), time.UTC))
	list := renderReply(bot.Reply{Body: bot.StoryList{Kind: bot.QueueList, Title: "Review queue", Items: []bot.StoryItem{{Story: s}}}})
	for _, p := range []Payload{card, list[0]} {
		if u := p.Embeds[0].URL; u != s.URL || length(u) > maxEmbedURL {
			t.Errorf("the headline does not link the story as stored: url of %d characters %.60q…", length(u), u)
		}
	}
	for raw, want := range map[string]string{
		"https://[2001:db8::1]/a_(b)":                             "https://[2001:db8::1]/a_(b)",
		"https://example.org/a b<c>\"d\"":                         "https://example.org/a%20b%3Cc%3E%22d%22",
		"javascript:alert(1)":                                     "",
		"https://example.org/" + strings.Repeat("a", maxEmbedURL): "",
	} {
		if got := embedURL(raw); got != want {
			t.Errorf("embedURL(%.40q) = %.60q, want %q", raw, got, want)
		}
	}
}

// A review card for the longest story the bot keeps, waiting or decided,
// stays within the 6,000 characters a message's embeds may have in all
// (title, description, fields and footer), and still shows its summary.
func TestWorstCaseCardWithinLimits(t *testing.T) {
	s := worstCaseStory(t)
	queued := seal(cardPayload(bot.ReviewCard{Story: s, SectorName: "Health & Social Care"}, testSectors(), time.UTC))
	decided := s
	decided.State = digest.StateApproved
	done := seal(cardPayload(bot.ReviewCard{Story: decided, SectorName: "Health & Social Care", Outcome: "Approved by @ed"}, testSectors(), time.UTC))
	list := renderReply(bot.Reply{Body: bot.StoryList{Kind: bot.QueueList, Title: "Review queue", Items: []bot.StoryItem{{Story: s}}}})
	checkPayloads(t, append([]Payload{queued, done}, list...))
	for _, p := range []Payload{queued, done} {
		var names []string
		for _, f := range p.Embeds[0].Fields {
			names = append(names, f.Name)
		}
		if d := p.Embeds[0].Description; !strings.HasPrefix(d, `s\_s\_`) || strings.Join(names, ", ") != "Note, Sector, Commentary" ||
			!strings.HasPrefix(p.Embeds[0].Footer.Text, "#123456 · Health Service Journal · submitted by @Mason") {
			t.Errorf("the card lost its summary, a field or a fact: %.40q, fields %q, footer %q", d, names, p.Embeds[0].Footer.Text)
		}
	}
}

// TestFeedListSaysWhereAFeedMoved: a feed that moved permanently is
// listed with its new address and what to do about it.
func TestFeedListSaysWhereAFeedMoved(t *testing.T) {
	when := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	ps := renderReply(bot.Reply{Body: bot.FeedList{Command: "/shared", Items: []bot.FeedStatus{{Name: "Regional wire", URL: "https://wire.example/rss",
		Health: store.FeedHealth{LastFetchAt: when, LastStatus: "fetched", MovedTo: "https://new.example/rss_feed"}}}}})
	checkPayloads(t, ps)
	if v, want := ps[0].Embeds[0].Description, `Moved permanently to https://new.example/rss\_feed: change its url in the configuration`; !strings.Contains(v, want) {
		t.Errorf("lacks %q:\n%s", want, v)
	}
}

// TestStoryListFooters: each story of a list names under it its number,
// its source, its sector and where it stands, leaving out what it lacks;
// a review card names the story and its source.
func TestStoryListFooters(t *testing.T) {
	l := bot.StoryList{Kind: bot.NewsList, Title: "Latest", Items: []bot.StoryItem{
		{Story: digest.Story{ID: 12, Headline: "Councils merge", Source: "BBC News", EditionNumber: 41, State: digest.StateApproved},
			SectorName: "Local Government"},
		{Story: digest.Story{ID: 13, Headline: "A wire story", State: digest.StateNewswire}},
		{Story: digest.Story{ID: 14, Headline: "Queued", Source: "<@1> Gazette", State: digest.StateQueued}, SectorName: "Health"},
	}}
	ps := renderReply(bot.Reply{Body: l})
	var got []string
	for _, p := range ps {
		for _, e := range p.Embeds {
			got = append(got, e.Footer.Text)
		}
	}
	want := []string{"#12 · BBC News · Local Government · edition 41", "#13 · newswire", "#14 · <\u200b@1> Gazette · Health"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("list footers:\n%q\nwant\n%q", got, want)
	}
	card := cardPayload(bot.ReviewCard{Story: digest.Story{ID: 15, Headline: "H", State: digest.StateQueued}}, nil, time.UTC)
	if f := card.Embeds[0].Footer.Text; f != "#15 · from the newswire" {
		t.Errorf("card footer without a source: %q", f)
	}
}

// TestFeedListFillsEachEmbed: a long list of feeds (or status) is the
// lines of embeds' descriptions, not embed fields: each description
// filled up to Discord's 4,096 characters before the next, the first
// embed alone titled, every feed listed once, in order.
func TestFeedListFillsEachEmbed(t *testing.T) {
	var feeds []bot.FeedStatus
	for i := range 60 {
		feeds = append(feeds, bot.FeedStatus{Name: fmt.Sprintf("Feed %02d", i), URL: "https://example.org/feed",
			Health: store.FeedHealth{LastStatus: "fetched", LastError: strings.Repeat("timeout ", 40)}})
	}
	ps := renderReply(bot.Reply{Body: bot.FeedList{Items: feeds, Command: "/shared"}})
	checkPayloads(t, ps)
	var descs []string
	for _, p := range ps {
		for _, e := range p.Embeds {
			if len(e.Fields) != 0 || (len(descs) == 0) != (e.Title != "") {
				t.Errorf("embed %d: title %q, %d fields", len(descs), e.Title, len(e.Fields))
			}
			descs = append(descs, e.Description)
		}
	}
	for i, d := range descs[:len(descs)-1] {
		if length(d) < maxEmbedDescription*3/4 {
			t.Errorf("embed %d holds %d characters before the next", i, length(d))
		}
	}
	var text strings.Builder
	text.WriteString(strings.Join(descs, "\n"))
	last := -1
	for i := range 60 {
		at := strings.Index(text.String(), fmt.Sprintf("**Feed %02d**", i))
		if at <= last {
			t.Fatalf("feed %d not listed after feed %d (at %d)", i, i-1, at)
		}
		last = at
	}
	if len(descs) < 2 {
		t.Errorf("60 feeds in %d embeds", len(descs))
	}
}

// TestHelpNoteStandsApart: the help's note on how the bot answers in chat
// ends its embed after a blank line, apart from the last command, as
// Slack shows it in a context line of its own.
func TestHelpNoteStandsApart(t *testing.T) {
	ps := renderReply(bot.Reply{Body: bot.HelpView{Command: "/shared", Name: "Shared News", Chat: true,
		Entries: []bot.HelpEntry{{Usage: "/shared news", Summary: "the latest stories"}}}})
	checkPayloads(t, ps)
	want := "`/shared news` — the latest stories\n\nAnswers to you are visible only to you;"
	if d := ps[0].Embeds[0].Description; !strings.HasPrefix(d, want) || !strings.HasSuffix(d, "`@Shared News news health`.") {
		t.Errorf("help's description:\n%s", d)
	}
}
