package bot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/pagemeta"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// recorder is a chat platform that remembers what the bot asked of it.
type recorder struct {
	mu       sync.Mutex
	cards    []ReviewCard
	updates  []ReviewCard
	notes    []string // "user: text"
	editions map[string][]digest.Edition
	review   []string // messages to the review channel
	failTo   string   // channel whose PostEdition fails for good
	// reviewDown makes PostToReview fail, as a platform that is down does;
	// refused counts the messages it refused.
	reviewDown bool
	refused    int
	// noReview makes PostToReview answer as a platform with no review
	// channel configured does.
	noReview bool
	// cardsDown makes PostReviewCard fail, as a review channel the bot
	// cannot post in does.
	cardsDown bool
	// beforeUpdate, when set, runs before each UpdateReviewCard (outside
	// the lock), to hold a redraw in flight.
	beforeUpdate func(ReviewCard)
	// beforeNotify, when set, runs before each Notify (outside the lock),
	// to hold a message to a submitter in flight.
	beforeNotify func(Message)
}

func (r *recorder) Name() string { return "slack" }

func (r *recorder) PostReviewCard(_ context.Context, c ReviewCard) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cardsDown {
		return "", errors.New("not_in_channel: invite the app to the review channel")
	}
	r.cards = append(r.cards, c)
	return fmt.Sprintf("ts-%d", c.Story.ID), nil
}

func (r *recorder) UpdateReviewCard(_ context.Context, ref string, c ReviewCard) error {
	if r.beforeUpdate != nil {
		r.beforeUpdate(c)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if ref != fmt.Sprintf("ts-%d", c.Story.ID) {
		return fmt.Errorf("update of unknown card %q", ref)
	}
	r.updates = append(r.updates, c)
	return nil
}

func (r *recorder) Notify(_ context.Context, u digest.Person, m Message) error {
	if r.beforeNotify != nil {
		r.beforeNotify(m)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notes = append(r.notes, u.ID+": "+m.Text)
	return nil
}

func (r *recorder) PostToReview(_ context.Context, m Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.reviewDown {
		r.refused++
		return errors.New("slack server error: 503 Service Unavailable")
	}
	if r.noReview {
		return ErrNoReviewChannel
	}
	r.review = append(r.review, m.Text)
	return nil
}

func (r *recorder) PostEdition(_ context.Context, post delivery.Post, sent func(int, string) error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if post.ChannelID == r.failTo {
		return &delivery.PermanentError{Reason: "the channel is gone (Slack error channel_not_found)", Err: fmt.Errorf("channel_not_found")}
	}
	if r.editions == nil {
		r.editions = map[string][]digest.Edition{}
	}
	r.editions[post.ChannelID] = append(r.editions[post.ChannelID], post.Edition)
	return sent(0, "msg-1")
}

type fixture struct {
	bot    *Bot
	store  *store.Store
	slack  *recorder
	worker *delivery.Worker
}

const editorID, usergroup = "UEDITOR", "S0EDITORS"

func newFixture(t testing.TB, tweak func(*config.Config)) *fixture {
	t.Helper()
	return newFixtureAt(t, tweak, nil)
}

// newFixtureAt is newFixture whose bot and store both read the clock now
// (the real clock when nil), as in one process.
func newFixtureAt(t testing.TB, tweak func(*config.Config), now func() time.Time) *fixture {
	t.Helper()
	cfg := config.Default()
	cfg.Bot.Database = filepath.Join(t.TempDir(), "bot.db")
	cfg.Editors.Slack = []string{editorID}
	cfg.Editors.SlackUsergroup = usergroup
	cfg.Submissions.AllowPrivateHosts = true
	if tweak != nil {
		tweak(cfg)
	}
	if ps := cfg.Validate(); len(ps) > 0 {
		t.Fatalf("test config: %v", ps)
	}
	st := storetest.OpenWith(t, cfg.Bot.Database, store.Options{Now: now})
	b, err := New(Options{Config: cfg, Store: st, Now: now,
		Pages: pagemeta.New(pagemeta.Options{Timeout: 2 * time.Second, AllowPrivateHosts: true})})
	if err != nil {
		t.Fatal(err)
	}
	w, err := delivery.New(delivery.Options{Store: st, Sectors: b.Sectors(), Reporter: b,
		Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	b.AddPlatform(rec)
	w.Add(rec)
	b.DeliverWith(w)
	return &fixture{bot: b, store: st, slack: rec, worker: w}
}

var (
	member = Caller{Person: digest.Person{Platform: "slack", ID: "UMEMBER", Name: "ana"}}
	editor = Caller{Person: digest.Person{Platform: "slack", ID: editorID, Name: "ed"}}
	inGrp  = Caller{Person: digest.Person{Platform: "slack", ID: "UGROUPIE", Name: "gus"}, Groups: []string{usergroup}}
	admin  = Caller{Person: digest.Person{Platform: "slack", ID: "UADMIN", Name: "ada"}, ChannelAdmin: true}
)

func (f *fixture) say(c Caller, text string) Reply {
	return f.bot.Handle(context.Background(), Request{Caller: c,
		Channel: Channel{Platform: "slack", ID: "C1", Name: "general"}, Text: "/shared " + text})
}

func text(r Reply) string {
	if m, ok := r.Body.(Message); ok {
		return m.Text
	}
	return fmt.Sprintf("%T", r.Body)
}

func tone(r Reply) Tone {
	if m, ok := r.Body.(Message); ok {
		return m.Tone
	}
	return Info
}

// pageServer serves one article page with OpenGraph metadata.
func pageServer(t testing.TB) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>ignored</title>
<meta property="og:title" content="Two NHS trusts agree to share a chief executive">
<meta property="og:description" content="The hospital trusts expect savings.">
<meta property="og:site_name" content="Health Service Journal"></head><body>%s</body></html>`, r.URL.Path)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestReviewRoundTrip(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)

	r := f.say(member, "submit "+page.URL+"/story?utm_source=x health A good one")
	if tone(r) != Success || !strings.Contains(text(r), "Queued as #1: “Two NHS trusts agree to share a chief executive” (Health & Social Care)") {
		t.Fatalf("submit reply: %q", text(r))
	}
	if len(f.slack.cards) != 1 || f.slack.cards[0].Story.Source != "Health Service Journal" || f.slack.cards[0].Story.SubmitNote != "A good one" {
		t.Fatalf("review cards: %+v", f.slack.cards)
	}
	// The same page with other tracking parameters is the same story.
	r = f.say(editor, "submit "+page.URL+"/story?fbclid=abc#top")
	if tone(r) != Problem || !strings.Contains(text(r), "Already in the queue as #1, submitted by @ana on") {
		t.Fatalf("duplicate: %q", text(r))
	}
	// So is the link between the angle brackets Discord users put round a
	// link to stop its preview.
	r = f.say(editor, "submit <"+page.URL+"/story>")
	if tone(r) != Problem || !strings.Contains(text(r), "Already in the queue as #1, submitted by @ana on") {
		t.Fatalf("duplicate in angle brackets: %q", text(r))
	}

	r = f.say(editor, "approve 1 local")
	if tone(r) != Success || !strings.Contains(text(r), "into Local Government") {
		t.Fatalf("approve: %q", text(r))
	}
	if len(f.slack.updates) != 1 || f.slack.updates[0].Outcome != "Approved by @ed into Local Government" {
		t.Fatalf("card updates: %+v", f.slack.updates)
	}
	if len(f.slack.notes) != 1 || !strings.HasPrefix(f.slack.notes[0], "UMEMBER: Good news: your story #1") {
		t.Fatalf("submitter told: %q", f.slack.notes)
	}
	r = f.say(editor, "reject 1")
	if tone(r) != Success {
		t.Fatalf("rejecting an approved story (taking it out of the draft): %q", text(r))
	}
	// Thought better of: approved after all (TestApproveAfterRejection).
	r = f.say(editor, "approve 1")
	if tone(r) != Success || !strings.Contains(text(r), "into Local Government after its rejection by @ed") {
		t.Fatalf("approving a rejected story after all: %q", text(r))
	}

	r = f.say(member, "submit "+page.URL+"/second")
	if tone(r) != Success {
		t.Fatal(text(r))
	}
	r = f.say(editor, "reject 2 Covered last week")
	if tone(r) != Success || !strings.Contains(f.slack.notes[len(f.slack.notes)-1], "The editor said: “Covered last week”") {
		t.Fatalf("reject with reason: %q, notes %q", text(r), f.slack.notes)
	}
}

func TestEditorOnlyCommandsRefuseMembersAndChangeNothing(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	f.say(member, "submit "+page.URL+"/a")
	for _, cmd := range []string{"queue", "approve 1", "reject 1", "note 1 hi", "edit 1 headline x", "intro hi",
		"draft", "publish", "feeds", "subscribe", "unsubscribe"} {
		r := f.say(member, cmd)
		if tone(r) != Problem || !strings.HasPrefix(text(r), "Only editors") {
			t.Errorf("%s by a member: %q", cmd, text(r))
		}
	}
	s, err := f.store.Story(context.Background(), 1)
	if err != nil || s.State != digest.StateQueued || s.Commentary != "" || s.Headline == "x" {
		t.Fatalf("story changed by refused commands: %+v %v", s, err)
	}
	help := f.say(member, "help").Body.(HelpView)
	for _, e := range help.Entries {
		if e.EditorOnly {
			t.Errorf("help shows %q to a member", e.Usage)
		}
	}
	// A member of the editors' user group is an editor; a channel admin may
	// subscribe but not approve.
	if r := f.say(inGrp, "approve 1"); tone(r) != Success {
		t.Errorf("user-group editor approve: %q", text(r))
	}
	if r := f.say(admin, "subscribe health"); tone(r) != Success || !r.Public {
		t.Errorf("admin subscribe: %q public=%v", text(r), r.Public)
	}
	if r := f.say(admin, "approve 1"); tone(r) != Problem {
		t.Errorf("admin approve: %q", text(r))
	}
}

func TestSubmissionLimitPerHour(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.Submissions.PerUserPerHour = 2 })
	page := pageServer(t)
	for i := range 2 {
		if r := f.say(member, fmt.Sprintf("submit %s/%d", page.URL, i)); tone(r) != Success {
			t.Fatalf("submission %d: %q", i, text(r))
		}
	}
	r := f.say(member, "submit "+page.URL+"/3")
	if tone(r) != Problem || !strings.Contains(text(r), "2 links in the last hour") {
		t.Fatalf("third submission: %q", text(r))
	}
	if _, err := f.store.StoryByURL(context.Background(), page.URL+"/3"); err == nil {
		t.Fatal("refused submission was stored")
	}
	// Another member is not limited by ana's submissions.
	other := Caller{Person: digest.Person{Platform: "slack", ID: "UOTHER", Name: "bo"}}
	if r := f.say(other, "submit "+page.URL+"/4"); tone(r) != Success {
		t.Fatalf("other member: %q", text(r))
	}
	// An editor working the queue (keeping held-back newswire entries) is
	// not limited at all.
	for i := range 4 {
		if r := f.say(editor, fmt.Sprintf("submit %s/editor/%d", page.URL, i)); tone(r) != Success {
			t.Fatalf("editor's submission %d: %q", i, text(r))
		}
	}
}

func TestSubmitRefusesPrivateAddressesWhenNotAllowed(t *testing.T) {
	f := newFixture(t, nil)
	f.bot.pages = pagemeta.New(pagemeta.Options{Timeout: time.Second})
	page := pageServer(t)
	for _, link := range []string{page.URL + "/private", "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/"} {
		r := f.say(member, "submit "+link)
		if tone(r) != Problem || !strings.Contains(text(r), "That link cannot be submitted: ") ||
			!strings.Contains(text(r), "which the bot does not fetch") {
			t.Errorf("submit of %s: %q", link, text(r))
		}
	}
	if n, _ := f.store.QueueSize(context.Background()); n != 0 {
		t.Fatalf("refused links were queued: %d", n)
	}
}

// TestSubmitRefusesDisguisedLoopback submits the bot's own machine spelt
// the ways browsers and getaddrinfo accept: every one is refused with the
// address it means, nothing is queued and the page server sees nothing.
func TestSubmitRefusesDisguisedLoopback(t *testing.T) {
	f := newFixture(t, nil)
	f.bot.pages = pagemeta.New(pagemeta.Options{Timeout: time.Second})
	var hits atomic.Int64
	page := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	t.Cleanup(page.Close)
	_, port, _ := net.SplitHostPort(page.Listener.Addr().String())
	for _, host := range []string{"2130706433", "0x7f.1", "017700000001", "0x7F000001", "127.1", "0177.0.0.1",
		"[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:7f00:1]", "localhost.", "LOCALHOST"} {
		link := "http://" + host + ":" + port + "/story"
		r := f.say(member, "submit "+link)
		if tone(r) != Problem || !strings.Contains(text(r), "That link cannot be submitted: that address points back at the bot's own machine (127.0.0.1)") {
			t.Errorf("submit %s: %q", link, text(r))
		}
	}
	r := f.say(member, "submit http://example.org@127.0.0.1:"+port+"/")
	if tone(r) != Problem || !strings.Contains(text(r), "user name or password") {
		t.Errorf("submit with user info: %q", text(r))
	}
	if n, _ := f.store.QueueSize(context.Background()); n != 0 {
		t.Fatalf("refused links were queued: %d", n)
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the page server was asked %d times", n)
	}
}

func TestLimitsAndEdits(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	f.say(member, "submit "+page.URL+"/a")
	for cmd, want := range map[string]string{
		"intro " + strings.Repeat("x", 4001):                   "The intro can be at most 4,000 characters",
		"note 1 " + strings.Repeat("x", 1001):                  "Commentary can be at most 1,000 characters",
		"edit 1 headline " + strings.Repeat("x", 301):          "A headline can be at most 300 characters",
		"edit 1 colour blue":                                   "`colour` is not a field I can edit",
		"edit 1 sector helth":                                  "Did you mean `health`?",
		"edit 1":                                               "Say which field to change",
		"reject 1 " + strings.Repeat("x", 501):                 "A reason can be at most 500 characters",
		"search " + strings.Repeat("word ", 50):                "A search can be at most 200 characters",
		"news health 0":                                        "N must be between 1 and 20",
		"queue 51":                                             "N must be between 1 and 50",
		"news 99999999999999999999":                            "N must be between 1 and 20",
		"news health 99999999999999999999":                     "N must be between 1 and 20",
		"queue 99999999999999999999":                           "N must be between 1 and 50",
		"edition x":                                            "`x` is neither an edition number nor a date",
		"edition 1 2":                                          "`1 2` is neither an edition number nor a date",
		"subscribe health nowhere":                             "Unknown sector `nowhere`",
		"aprove 1":                                             "Did you mean `/shared approve`?",
		"note 99 text":                                         "There is no story #99.",
		"approve 1 " + strings.Repeat("z", 10):                 "Unknown sector",
		"edit 1 summary " + strings.Repeat("y", 1001):          "A summary can be at most 1,000 characters",
		"submit " + page.URL + "/b helth":                      "Did you mean `health`?",
		"submit javascript:alert(1)":                           "http and https",
		"submit " + page.URL + "/" + strings.Repeat("p", 2050): "2,048",
	} {
		r := f.say(editor, cmd)
		if tone(r) != Problem || !strings.Contains(text(r), want) {
			t.Errorf("%.40s…: %q, want %q", cmd, text(r), want)
		}
	}
	s, _ := f.store.Story(context.Background(), 1)
	if s.State != digest.StateQueued || s.Commentary != "" {
		t.Fatalf("refused commands changed the story: %+v", s)
	}
	if r := f.say(editor, `edit 1 sector "blue light"`); !strings.Contains(text(r), "now in Blue Light Services") {
		t.Errorf("edit sector: %q", text(r))
	}
	if r := f.say(editor, `note 1 It's the council's "big" week`); tone(r) != Success {
		t.Errorf("note: %q", text(r))
	}
	s, _ = f.store.Story(context.Background(), 1)
	if s.Commentary != `It's the council's "big" week` || s.Sector != "blue-light" {
		t.Errorf("after edits: %+v", s)
	}
}

func TestPublishDeliversPerSubscriptionAndReportsFailures(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	ctx := context.Background()
	for _, c := range []struct{ channel, sectors string }{{"C1", ""}, {"C2", "housing"}, {"C3", "health"}, {"CGONE", ""}} {
		r := f.bot.Handle(ctx, Request{Caller: editor, Channel: Channel{Platform: "slack", ID: c.channel}, Text: "subscribe " + c.sectors})
		if tone(r) != Success {
			t.Fatal(text(r))
		}
	}
	f.slack.failTo = "CGONE"
	f.say(member, "submit "+page.URL+"/a health")
	f.say(member, "submit "+page.URL+"/b")
	f.say(editor, "approve 1")
	f.say(editor, "approve 2 local-government")
	r := f.say(editor, "publish")
	if tone(r) != Success || !r.Public || !strings.Contains(text(r), "delivered to 2 of 4 channels, 1 failed, 1 skipped") {
		t.Fatalf("publish: %q", text(r))
	}
	if got := f.slack.editions["C1"]; len(got) != 1 || len(got[0].Sections) != 2 {
		t.Errorf("C1 (all sectors) got %+v", got)
	}
	if got := f.slack.editions["C3"]; len(got) != 1 || len(got[0].Sections) != 1 || got[0].Sections[0].Sector.Slug != "health" {
		t.Errorf("C3 (health only) got %+v", got)
	}
	if _, ok := f.slack.editions["C2"]; ok {
		t.Error("C2 (housing only) got an edition with no housing stories")
	}
	if len(f.slack.review) != 1 || f.slack.review[0] != "Delivery of edition 1 failed in 1 channel:\n• slack channel CGONE — the channel is gone (Slack error channel_not_found)"+
		"\nOnce the cause is fixed, `/shared subscribe` in the channel sends it edition 1 (until the next edition is out)." {
		t.Errorf("editors told %q", f.slack.review)
	}
	status := f.say(editor, "status").Body.(StatusView)
	if d := status.Delivery; d == nil || d.Edition != 1 || d.Delivered != 2 || d.Failed != 1 || d.Skipped != 1 || len(d.Failures) != 1 ||
		d.Failures[0].Channel != "slack channel CGONE" || d.Failures[0].Reason != "the channel is gone (Slack error channel_not_found)" {
		t.Errorf("status delivery = %+v", d)
	}
	if r := f.say(editor, "edit 1 headline changed"); tone(r) != Problem || !strings.Contains(text(r), "published in edition 1") {
		t.Errorf("editing a published story: %q", text(r))
	}
}

// TestPublishWithTheWorkerRunningAnswersAtOnce: with the worker of `run`,
// publish records the deliveries, wakes it and answers before they are
// sent; the worker then delivers them.
func TestPublishWithTheWorkerRunningAnswersAtOnce(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	w, err := delivery.New(delivery.Options{Store: f.store, Sectors: f.bot.Sectors(), Reporter: f.bot, Background: true})
	if err != nil {
		t.Fatal(err)
	}
	w.Add(f.slack)
	f.bot.DeliverWith(w)
	f.say(editor, "subscribe")
	f.say(member, "submit "+page.URL+"/a health")
	f.say(editor, "approve 1")
	if r := f.say(editor, "publish"); !strings.Contains(text(r), "delivering to 1 of 1 channels — see `status` for progress") {
		t.Errorf("publish: %q", text(r))
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		f.slack.mu.Lock()
		n := len(f.slack.editions["C1"])
		f.slack.mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the worker did not deliver")
		}
	}
}

// TestFeedsKeepsAFeedsPasswordSecret: /shared feeds, posted in a chat
// channel, shows a feed behind basic authentication without its password.
func TestFeedsKeepsAFeedsPasswordSecret(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Feeds.Sources = []config.FeedSource{{URL: "https://reader:s3cret-pw@feeds.example.org/members.xml", Name: "Members' feed"}}
	})
	list, ok := f.say(editor, "feeds").Body.(FeedList)
	if !ok || len(list.Items) != 1 {
		t.Fatalf("feeds = %+v", list)
	}
	if got := list.Items[0].URL; !strings.Contains(got, "feeds.example.org/members.xml") || strings.Contains(got, "s3cret-pw") {
		t.Errorf("feed shown as %q", got)
	}
}

// TestFeedsSaysWhenANewFeedIsPolled: a feed added to the configuration
// is polled by `run` only once it restarts (the configuration is read at
// start), while `console` beside it reads the file as it is now. Its
// /shared feeds said only "Not fetched yet", for as long as run was not
// restarted; it says when the feed will be read.
func TestFeedsSaysWhenANewFeedIsPolled(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Feeds.Sources = []config.FeedSource{{URL: "https://feeds.example.org/new.xml", Name: "Newly added"}}
	})
	list, ok := f.say(editor, "feeds").Body.(FeedList)
	if !ok || len(list.Items) != 1 {
		t.Fatalf("feeds = %+v", list)
	}
	got := outlineText(list.Outline(time.UTC))
	if want := "Not fetched yet: sharednews run polls a feed added to the configuration when it next starts"; !strings.Contains(got, want) {
		t.Errorf("feeds = %q, want %q", got, want)
	}
}
