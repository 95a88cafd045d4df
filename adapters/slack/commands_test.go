package slack

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// addArchive stores a few published stories to answer news and search from.
func addArchive(t testing.TB, f *fixture) {
	t.Helper()
	at := time.Now().Add(-48 * time.Hour)
	var stories []digest.Story
	for i, s := range []struct{ headline, sector string }{
		{"Two councils share a chief executive", "local-government"},
		{"NHS trusts merge back-office services", "health"},
		{"Fire and police share a control room", "blue-light"},
	} {
		stories = append(stories, digest.Story{URL: fmt.Sprintf("https://news.example.org/%d", i), Headline: s.headline,
			Summary: "A summary & more.", Source: "LocalGov", Sector: s.sector, State: digest.StatePublished,
			DecidedAt: at, CreatedAt: at})
	}
	if err := f.store.AddStories(context.Background(), stories); err != nil {
		t.Fatal(err)
	}
}

// TestEveryCommandThroughSlack runs each /shared command through POST
// /slack/commands, the real router and store, and reads the answer from the
// response_url: Block Kit, ephemeral unless the command changes what the
// channel sees.
func TestEveryCommandThroughSlack(t *testing.T) {
	f := newFixture(t)
	addArchive(t, f)
	page := pageServer(t, "County and district share planning &amp; legal", "The councils expect savings.", "LocalGov")

	steps := []struct {
		user, text string
		public     bool
		want       []string
		wantNot    []string
	}{
		{user: memberID, text: "help", want: []string{"Shared News commands", "`/shared news [SECTOR] [N]`"}, wantNot: []string{"Editors"}},
		{user: editorID, text: "help", want: []string{"*Editors*", "`/shared publish`"}},
		{user: memberID, text: "news health", want: []string{"Latest in Health & Social Care",
			"*<https://news.example.org/1|NHS trusts merge back-office services>*", "A summary &amp; more.", "LocalGov"}},
		{user: memberID, text: "sectors", want: []string{"Sectors", "`health` — Health &amp; Social Care — 1 story"}},
		{user: memberID, text: "search chief executive", want: []string{"Search: chief executive", "Two councils share a chief executive"}},
		{user: memberID, text: "edition", want: []string{"No edition has been published yet."}},
		{user: memberID, text: "submit " + page.URL + "/planning local Good read", want: []string{"Queued as #4", "County and district share planning &amp; legal"}},
		{user: memberID, text: "status", want: []string{"Shared News status", "not subscribed", "*Review queue:* 1 story"}},
		{user: memberID, text: "subscribe", want: []string{"Only editors and channel admins can subscribe channels."}},
		{user: memberID, text: "queue", want: []string{"Only editors can see the review queue."}},
		{user: adminID, text: "subscribe local", want: []string{"This channel is subscribed to Shared News (Local Government)"}},
		{user: memberID, text: "status", want: []string{"This channel receives the Local Government stories of each edition."}},
		{user: editorID, text: "queue", want: []string{"Review queue", "#4", "submitted by @Ana", "Note: Good read"}},
		{user: groupieID, text: "queue", want: []string{"Review queue"}},
		{user: editorID, text: "note 4 Another pair of councils takes the plunge.", want: []string{"Updated the commentary of #4"}},
		// Slack sends "@channel" typed in a command as <!channel>: it comes
		// back as the word, defused, and pings no one.
		{user: editorID, text: "edit 4 headline Two councils share planning <!channel>", want: []string{"Updated the headline of #4",
			"@\u2060channel"}, wantNot: []string{"<!channel>"}},
		{user: editorID, text: "approve 4", want: []string{"Approved #4", "into Local Government"}},
		{user: editorID, text: "intro A busy week for shared services.", want: []string{"The draft edition's intro is set."}},
		{user: editorID, text: "draft", want: []string{"DRAFT", "A busy week for shared services.", "Local Government",
			"_Another pair of councils takes the plunge._"}},
		{user: editorID, text: "publish", public: true, want: []string{"Published edition 1", "delivered to 1 of 1 channels"}},
		{user: memberID, text: "edition", want: []string{"Edition 1", "News Summary of Collaboration and Shared Services from"}},
		{user: editorID, text: "status", want: []string{"*Latest edition:* 1", "*Delivery of edition 1:* 1 delivered, 0 pending, 0 failed"}},
		{user: editorID, text: "feeds", want: []string{"Feeds", "*NHS England*\n<https://www.england.nhs.uk/feed/|", "Not fetched yet"}},
		{user: adminID, text: "unsubscribe", public: true, want: []string{"This channel will no longer receive Shared News."}},
		{user: memberID, text: "frobnicate", want: []string{"Unknown command `frobnicate`", "Usage: /shared help"}},
		{user: editorID, text: "reject 99 no", want: []string{"There is no story #99."}},
	}
	for _, s := range steps {
		ans := f.command(s.user, s.text)
		text := allText(ans)
		wantType := "ephemeral"
		if s.public {
			wantType = "in_channel"
		}
		if ans["response_type"] != wantType {
			t.Errorf("/shared %s: response_type %v, want %s", s.text, ans["response_type"], wantType)
		}
		if _, ok := ans["blocks"].([]any); !ok {
			t.Errorf("/shared %s: no blocks in %v", s.text, ans)
		}
		for _, w := range s.want {
			if !strings.Contains(text, w) {
				t.Errorf("/shared %s: answer lacks %q:\n%s", s.text, w, text)
			}
		}
		for _, w := range s.wantNot {
			if strings.Contains(text, w) {
				t.Errorf("/shared %s: answer has %q:\n%s", s.text, w, text)
			}
		}
	}

	// Publishing delivered the edition to the subscribed channel.
	var delivered bool
	for _, c := range f.slack.Calls("chat.postMessage") {
		if c.Form.Get("channel") == "CGENERAL" && strings.Contains(c.Form.Get("text"), "News Summary") {
			delivered = true
			if c.Form.Get("unfurl_links") != "false" {
				t.Error("an edition should not unfurl its links")
			}
		}
	}
	if !delivered {
		t.Error("publish did not post the edition to the subscribed channel")
	}
	// users.info and the user group were read once each, not per command.
	if n := len(f.slack.Calls("usergroups.users.list")); n != 1 {
		t.Errorf("usergroups.users.list called %d times, want 1 (cached)", n)
	}
	perUser := map[string]int{}
	for _, c := range f.slack.Calls("users.info") {
		perUser[c.Form.Get("user")]++
	}
	for u, n := range perUser {
		if n != 1 {
			t.Errorf("users.info for %s called %d times, want 1 (cached)", u, n)
		}
	}
}

// TestMentionsRouteToTheSameCommands sends @mentions as the Events API
// delivers them: ephemeral answers to the caller, public ones to the
// channel, each event acted on once however often Slack resends it.
func TestMentionsRouteToTheSameCommands(t *testing.T) {
	f := newFixture(t)
	addArchive(t, f)
	f.mention(memberID, "<@U111> news health 1", "Ev1")
	f.mention(memberID, "<@U111> news health 1", "Ev1") // Slack's retry
	adaptertest.WaitFor(t, "the news answer", func() bool { return len(f.slack.Calls("chat.postEphemeral")) == 1 })
	c := f.slack.Calls("chat.postEphemeral")[0]
	if c.Form.Get("channel") != "C111" || c.Form.Get("user") != memberID ||
		!strings.Contains(allText(blocksOf(t, c)), "NHS trusts merge back-office services") {
		t.Errorf("news by mention: %v %s", c.Form, allText(blocksOf(t, c)))
	}
	// chat.postEphemeral takes no unfurl_* arguments (Slack's method docs).
	for key := range c.Form {
		if strings.HasPrefix(key, "unfurl_") {
			t.Errorf("chat.postEphemeral sent %s", key)
		}
	}

	f.mention(editorID, "hey <@U111> subscribe health", "Ev2")
	adaptertest.WaitFor(t, "the answer", func() bool { return len(f.slack.Calls("chat.postEphemeral")) == 2 })
	p := f.slack.Calls("chat.postMessage")[0]
	if p.Form.Get("channel") != "C111" || !strings.Contains(allText(blocksOf(t, p)), "@Ed subscribed this channel to Shared News (Health &amp; Social Care)") {
		t.Errorf("the notice of a subscribe by mention: %v", allText(blocksOf(t, p)))
	}
	if e := f.slack.Calls("chat.postEphemeral")[1]; e.Form.Get("user") != editorID ||
		!strings.Contains(allText(blocksOf(t, e)), "This channel is subscribed to Shared News (Health &amp; Social Care)") {
		t.Errorf("subscribe by mention: %v", allText(blocksOf(t, e)))
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(f.slack.Calls("chat.postEphemeral")); n != 2 {
		t.Errorf("a resent event was answered again: %d answers", n)
	}
}

func TestCommandText(t *testing.T) {
	for in, want := range map[string]string{
		"submit <https://x.org/a?b=1&amp;c=2> health": "submit https://x.org/a?b=1&c=2 health",
		"submit <https://x.org/a|x.org/a> note":       "submit https://x.org/a note",
		"note 3 Ask <@U123|ana> &amp; <#C1|general>":  "note 3 Ask @ana & #general",
		"note 3 cc <!here> and <!subteam^S1|@eds>":    "note 3 cc @here and @eds",
		"note 3 a &lt;b&gt; c":                        "note 3 a <b> c",
		"search mail <mailto:a@b.org|a@b.org>":        "search mail a@b.org",
		"news":                                        "news",
	} {
		if got := commandText(in); got != want {
			t.Errorf("commandText(%q) = %q, want %q", in, got, want)
		}
	}
	for _, c := range []struct {
		text string
		bots []string
		want string
	}{
		{"<@U111> news health", []string{"U111"}, "news health"},
		{"hey <@U111> news", []string{"U111"}, "news"},
		{"news health <@U111>", []string{"U111"}, "news health"},
		{"<@UOTHER> news", nil, "news"},
		{"<@U111|bot> news", []string{"U111"}, "news"},
		{"news", nil, "news"},
	} {
		if got := strings.Join(strings.Fields(stripMention(c.text, c.bots)), " "); got != strings.Join(strings.Fields(c.want), " ") {
			t.Errorf("stripMention(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestLongAnswersAreCut: Slack takes five posts per response_url; a longer
// answer posted there (a public one, or a private one that could not go by
// direct message) is cut after the fifth, which says so.
func TestLongAnswersAreCut(t *testing.T) {
	f := newFixture(t)
	msgs := editionMessages(bigEdition(200))
	if len(msgs) <= maxResponseURLs {
		t.Fatalf("only %d messages", len(msgs))
	}
	if err := f.ad.respondMessages(context.Background(), "https://hooks.slack.com/commands/long", msgs, false, bot.AnswerCut("Slack", 0, len(msgs))); err != nil {
		t.Fatal(err)
	}
	got := f.slack.Responses("/commands/long")
	if len(got) != maxResponseURLs {
		t.Fatalf("%d posts, want %d", len(got), maxResponseURLs)
	}
	if !strings.Contains(allText(got[4].Body), "the rest is left out") {
		t.Error("the last post does not say the answer was cut")
	}
	if err := f.ad.respondMessages(context.Background(), "ftp://nowhere", msgs[:1], false, bot.AnswerCut("Slack", 0, 1)); err == nil {
		t.Error("a response_url that is not http(s) was used")
	}
}
