package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/search"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// publicURL is where the tests' archive says it lives: behind a reverse
// proxy, under a path, so every link must carry both.
const publicURL = "https://news.example.org/archive"

// fixture is a real archive: a SQLite store, the bot over it, and the
// pages served over loopback by a real HTTP server.
type fixture struct {
	t       testing.TB
	cfg     *config.Config
	store   *store.Store
	bot     *bot.Bot
	archive *Archive
	srv     *httptest.Server
	// secrets are texts of stories and drafts that must never be served.
	secrets []string
	// settings stands for the configuration (Options.Settings).
	settings string
	// client sends requests as do is given them: Go's transport would
	// ask for gzip on its own and undo it, so that a test of the
	// validators would compare a gzipped GET's with a plain HEAD's. A
	// test asks for gzip with its Accept-Encoding
	// (TestPagesAreSentGzippedToReadersWhoAcceptIt).
	client *http.Client
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	cfg := config.Default()
	cfg.Bot.Database = filepath.Join(t.TempDir(), "web.db")
	cfg.HTTP.PublicURL = publicURL
	if ps := cfg.Validate(); ps != nil {
		t.Fatal(ps)
	}
	st := storetest.Open(t, cfg.Bot.Database)
	b, err := bot.New(bot.Options{Config: cfg, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DisableCompression = true
	t.Cleanup(transport.CloseIdleConnections)
	f := &fixture{t: t, cfg: cfg, store: st, bot: b, client: &http.Client{Transport: transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	f.serve(publicURL)
	return f
}

// serve (re)starts the pages with the given public URL.
func (f *fixture) serve(public string) {
	f.t.Helper()
	if f.srv != nil {
		f.srv.Close()
	}
	a, err := New(context.Background(), Options{PublicURL: public, SiteName: f.cfg.Bot.Name, Bot: f.bot, Store: f.store, Build: "test",
		Settings: f.settings})
	if err != nil {
		f.t.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Mount(mux)
	f.archive = a
	f.srv = httptest.NewServer(mux)
	f.t.Cleanup(f.srv.Close)
	// Entries still being kept are written before the store closes.
	f.t.Cleanup(a.entryWriter.wait)
}

// readerEdition is published edition n as the archive's readers read it:
// the edition chat shows, its footer's {subscribe} naming the Atom feed
// (the fixture's archive has no email sign-up).
func (f *fixture) readerEdition(n int) digest.Edition {
	f.t.Helper()
	e, err := f.bot.PublishedEdition(context.Background(), n)
	if err != nil {
		f.t.Fatal(err)
	}
	e.Subscribe = "follow it with the Atom feed at " + publicURL + "/feed.atom"
	return e
}

// story stores a queued story.
func (f *fixture) story(headline, sector, url, summary string) digest.Story {
	f.t.Helper()
	st, err := f.store.AddStory(context.Background(), digest.Story{URL: url, Headline: headline, Summary: summary,
		Source: "Example News", Sector: sector, State: digest.StateQueued})
	if err != nil {
		f.t.Fatal(err)
	}
	return st
}

// publish approves stories into the draft and publishes it on date.
func (f *fixture) publish(date, intro string, stories ...digest.Story) store.EditionRecord {
	f.t.Helper()
	ctx := context.Background()
	for _, st := range stories {
		if _, err := f.store.Approve(ctx, store.Decision{StoryID: st.ID}); err != nil {
			f.t.Fatal(err)
		}
	}
	if intro != "" {
		if err := f.store.SetIntro(ctx, intro); err != nil {
			f.t.Fatal(err)
		}
	}
	d, err := time.Parse("2006-01-02", date)
	if err != nil {
		f.t.Fatal(err)
	}
	pub, err := f.store.Publish(ctx, store.Publication{Title: digest.Title(f.cfg.Digest.Title, d), Date: d, Footer: f.cfg.Digest.Footer})
	if err != nil {
		f.t.Fatal(err)
	}
	return pub.Edition
}

// newsroom fills the archive: three published editions (the last with
// hostile text), and a queued, a rejected, a newswire and an approved story
// with a draft intro, none of which may appear.
func (f *fixture) newsroom() {
	f.t.Helper()
	ctx := context.Background()
	trusts := f.story("Two hospital trusts share a chief executive", "health", "https://www.hsj.example/trusts",
		"The hospital trusts expect savings.\n\nA second paragraph of summary.")
	councils := f.story("District councils merge their back offices", "local-government", "https://www.bbc.example/councils",
		"Three districts share a single back office.")
	if _, err := f.store.EditStory(ctx, councils.ID, store.StoryEdit{Commentary: ptr("The dominos are falling.")}); err != nil {
		f.t.Fatal(err)
	}
	f.publish("2026-10-01", "A busy week for shared chief executives.", trusts, councils)

	homes := f.story("Housing associations merge repairs teams", "housing", "https://www.insidehousing.example/repairs", "Repairs are shared.")
	archived := f.story("A story from the archive without a link", "health", "urn:sharednews:archive:2026-10-08:no-link", "No link here.")
	f.publish("2026-10-08", "", homes, archived)

	hostile := f.story(`<script>alert("headline")</script> Councils & "friends" merge`, "local-government", "javascript:alert(1)",
		"Summary with \x1b[31mescape\x1b[0m and <img src=x onerror=alert(2)> and a bell\x07.")
	fire := f.story("Fire and police share a headquarters", "blue-light", "https://www.police.example/hq", "A shared headquarters opens.")
	f.publish("2026-10-15", "Intro with <b>markup</b> & an ampersand.", hostile, fire)

	queued := f.story("SECRETQUEUED council merger", "health", "https://example.org/queued", "SECRETQUEUEDSUMMARY merger.")
	_ = queued
	rejected := f.story("SECRETREJECTED council merger", "health", "https://example.org/rejected", "merger")
	if _, err := f.store.Reject(ctx, store.Decision{StoryID: rejected.ID, Reason: "SECRETREASON not for you"}); err != nil {
		f.t.Fatal(err)
	}
	approved := f.story("SECRETDRAFT council merger", "housing", "https://example.org/draft", "SECRETDRAFTSUMMARY merger")
	if _, err := f.store.Approve(ctx, store.Decision{StoryID: approved.ID}); err != nil {
		f.t.Fatal(err)
	}
	if err := f.store.SetIntro(ctx, "SECRETINTRO of the draft"); err != nil {
		f.t.Fatal(err)
	}
	if err := f.store.AddStories(ctx, []digest.Story{{URL: "https://example.org/newswire", Headline: "SECRETNEWSWIRE council merger",
		Summary: "merger", Sector: "health", State: digest.StateNewswire}}); err != nil {
		f.t.Fatal(err)
	}
	// Whole phrases: a search page echoes the single words it was asked for.
	f.secrets = []string{"SECRETQUEUED council merger", "SECRETQUEUEDSUMMARY merger.", "SECRETREJECTED council merger",
		"SECRETREASON not for you", "SECRETDRAFT council merger", "SECRETDRAFTSUMMARY merger", "SECRETINTRO of the draft",
		"SECRETNEWSWIRE council merger", "https://example.org/queued", "https://example.org/draft", "https://example.org/rejected",
		"https://example.org/newswire"}
}

func ptr(s string) *string { return &s }

// response is what a request got.
type response struct {
	status int
	header http.Header
	body   string
	// seeOther is where a POST's 303 See Other sent the reader, whose
	// GET the rest of response is (emailFixture.post follows it, as a
	// browser does).
	seeOther string
}

// do sends method path (relative to the server, e.g. "/editions/1") with
// headers given as name, value pairs.
func (f *fixture) do(method, path string, headers ...string) response {
	f.t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := f.client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

func (f *fixture) get(path string, headers ...string) response {
	f.t.Helper()
	return f.do(http.MethodGet, path, headers...)
}

// local turns a link the pages wrote into a path on the test server, or ""
// for links elsewhere.
func local(link string) string {
	rest, ok := strings.CutPrefix(link, publicURL)
	if !ok || (rest != "" && rest[0] != '/' && rest[0] != '?') {
		return ""
	}
	if rest == "" || rest[0] == '?' {
		rest = "/" + rest
	}
	return rest
}

func timeParse(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }

// storeDecision is a decision on the story with this headline.
func storeDecision(f *fixture, headline string) store.Decision {
	f.t.Helper()
	res, err := search.New(f.store).Search(context.Background(), headline, 5)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.Story.Headline == headline {
			return store.Decision{StoryID: h.Story.ID}
		}
	}
	f.t.Fatalf("no story %q", headline)
	return store.Decision{}
}
