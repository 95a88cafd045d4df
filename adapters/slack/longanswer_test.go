package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/archive/archivetest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// approveNewsletterStories puts every story of the real newsletter
// (shared/testdata/digests) into the draft copies times over, each copy
// linked and named by its source, with the editor's commentary.
func approveNewsletterStories(t *testing.T, f *fixture, copies int) {
	t.Helper()
	ctx := context.Background()
	var stories []archive.ParsedStory
	for _, e := range archivetest.RealEditions(t, "../../../shared/testdata/digests", f.bot.Sectors()) {
		stories = append(stories, e.Lead...)
		for _, sec := range e.Sections {
			stories = append(stories, sec.Stories...)
		}
	}
	for c := range copies {
		for i, s := range stories {
			st, err := f.store.AddStory(ctx, digest.Story{URL: fmt.Sprintf("https://news.example.org/%d/%d", c, i),
				Headline: s.Headline, Summary: s.Summary, Commentary: s.Commentary, Source: "Local Government Chronicle",
				Sector: s.Sector.Slug, State: digest.StateQueued})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.store.Approve(ctx, store.Decision{StoryID: st.ID, By: digest.Person{Platform: PlatformName, ID: editorID}}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// postedBlocks is the blocks argument of each call, as sent.
func postedBlocks(calls []slacktest.Call) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = c.Form.Get("blocks")
	}
	return out
}

// TestLongDraftComesWholeByDirectMessage: /shared draft of an edition
// longer than the five messages Slack lets a command's answer have is
// sent whole to the editor by direct message, laid out exactly as the
// channel then receives it (its first message in the DM, the rest in that
// message's thread), and the command's answer says where it went.
func TestLongDraftComesWholeByDirectMessage(t *testing.T) {
	f := newFixture(t)
	approveNewsletterStories(t, f, 4)
	draft, err := f.bot.DraftEdition(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	draft.Subscribe = f.bot.ChatSubscribe(PlatformName) // as the draft is shown in Slack
	want := replyMessages(bot.Reply{Body: bot.EditionView{Edition: draft, Note: "x"}}, time.UTC)
	if len(want) <= maxResponseURLs {
		t.Fatalf("the draft fits %d messages", len(want))
	}
	f.command(adminID, "subscribe")

	body, path := f.slashForm(editorID, "CGENERAL", "draft")
	f.sendSigned("/slack/commands", formType, body)
	adaptertest.WaitFor(t, "the draft by direct message", func() bool { return len(f.dmsTo(editorID)) >= len(want) })
	adaptertest.WaitFor(t, "the answer to /shared draft", func() bool { return len(f.slack.Responses(path)) > 0 })
	answers := f.slack.Responses(path)
	if len(answers) != 1 || answers[0].Body["response_type"] != "ephemeral" ||
		!strings.Contains(allText(answers[0].Body), fmt.Sprintf("%d messages", len(want))) ||
		!strings.Contains(allText(answers[0].Body), "direct message") {
		t.Fatalf("%d answers to /shared draft; the first: %s", len(answers), allText(answers[0].Body))
	}
	dms := f.dmsTo(editorID)
	if len(dms) != len(want) {
		t.Fatalf("%d direct messages, want %d", len(dms), len(want))
	}
	for i, c := range dms {
		wantBlocks, _ := json.Marshal(want[i].Blocks)
		if got := noteLine.ReplaceAllString(c.Form.Get("blocks"), "x"); got != noteLine.ReplaceAllString(string(wantBlocks), "x") {
			t.Errorf("direct message %d differs from the draft's message %d", i+1, i+1)
		}
		if thread := c.Form.Get("thread_ts"); (i == 0) != (thread == "") || i > 1 && thread != dms[1].Form.Get("thread_ts") {
			t.Errorf("direct message %d: thread_ts %q", i+1, thread)
		}
	}

	notices := len(f.slack.Calls("chat.postMessage")) // the subscription's
	f.command(editorID, "publish")
	var posted []slacktest.Call
	for _, c := range f.slack.Calls("chat.postMessage")[notices:] {
		if c.Form.Get("channel") == "CGENERAL" {
			posted = append(posted, c)
		}
	}
	got := postedBlocks(posted)
	if len(got) != len(dms) {
		t.Fatalf("the channel received %d messages, the draft showed %d", len(got), len(dms))
	}
	// The same messages, but for the draft's banner, the line saying when
	// it goes out and, once published, the edition's number beside its
	// date, and the date: published now, not at the scheduled time the
	// draft showed, it is dated today.
	shown := postedBlocks(dms)
	latest, err := f.store.LatestEdition(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	pub := f.bot.Edition(latest)
	unmark := strings.NewReplacer(`{"type":"context","elements":[{"type":"mrkdwn","text":":construction: *DRAFT* — not yet published","verbatim":true}]},`, "",
		" · Edition 1", "", draft.Title, pub.Title, draft.Outline().DateLine(), pub.Outline().DateLine())
	for i := range got {
		if i == 0 && !noteLine.MatchString(shown[i]) {
			t.Errorf("the draft's first message does not say when it goes out: %.300s", shown[i])
		}
		if unmark.Replace(got[i]) != unmark.Replace(noteLine.ReplaceAllString(shown[i], "")) {
			t.Errorf("message %d as posted differs from the draft:\n posted %.300s\n draft  %.300s", i+1, got[i], shown[i])
		}
	}
}

// noteLine is the context line above a draft's preview, saying when it
// goes out, as a block in a message's JSON.
var noteLine = regexp.MustCompile(`\{"type":"context","elements":\[\{"type":"mrkdwn","text":"(Goes out [^"]*|x)","verbatim":true\}\]\},`)

// failNthDM is a transport that answers the nth chat.postMessage to a
// direct message with Slack's fatal_error, as Slack does now and then.
type failNthDM struct {
	rt   http.RoundTripper
	n    int
	mu   sync.Mutex
	seen int
}

func (f *failNthDM) RoundTrip(r *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(r.URL.Path, "/chat.postMessage") || r.Body == nil {
		return f.rt.RoundTrip(r)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body))
	if strings.HasPrefix(form.Get("channel"), "D") {
		f.mu.Lock()
		f.seen++
		fail := f.seen == f.n
		f.mu.Unlock()
		if fail {
			return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(strings.NewReader(`{"ok":false,"error":"fatal_error"}`)), Request: r}, nil
		}
	}
	return f.rt.RoundTrip(r)
}

// TestLongAnswerWhoseDirectMessageFailsPartWay: when the direct message
// carrying a long draft stops part way (Slack refuses its third message),
// the editor has the start of the draft in their direct messages, looking
// whole; the command's answer (cut at five messages) says the direct
// message stopped and after how many of its messages, so that neither is
// taken for the whole draft.
func TestLongAnswerWhoseDirectMessageFailsPartWay(t *testing.T) {
	f := newFixtureWith(t, fixtureOptions{transport: func(rt http.RoundTripper) http.RoundTripper {
		return &failNthDM{rt: rt, n: 3}
	}})
	approveNewsletterStories(t, f, 4)
	draft, err := f.bot.DraftEdition(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := editionMessages(draft)
	body, path := f.slashForm(editorID, "CGENERAL", "draft")
	f.sendSigned("/slack/commands", formType, body)
	adaptertest.WaitFor(t, "the answer to /shared draft", func() bool { return len(f.slack.Responses(path)) == maxResponseURLs })
	if n := len(f.dmsTo(editorID)); n != 2 {
		t.Fatalf("%d direct messages before the failure, want 2", n)
	}
	answers := f.slack.Responses(path)
	last := allText(answers[len(answers)-1].Body)
	if wantText := fmt.Sprintf("stopped after 2 of its %d messages", len(want)); !strings.Contains(last, wantText) {
		t.Errorf("the answer's last message does not say the direct message stopped (%q):\n%s", wantText, last)
	}
}
