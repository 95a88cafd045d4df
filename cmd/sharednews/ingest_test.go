package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// newswireServer serves a council feed with an ETag at /council.xml, an
// HTML page at /page.html and nothing else, on loopback.
func newswireServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/council.xml", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Council news</title><link>https://council.example.gov.uk/</link>
<item><title>Two district councils agree to share a chief executive</title><link>/news/shared-chief-executive</link>
<description>&lt;p&gt;The councils expect to save &amp;pound;500k a year.&lt;/p&gt;</description><pubDate>Wed, 18 Nov 2026 10:00:00 GMT</pubDate></item>
<item><title>Bin collections change over Christmas</title><link>/news/bins</link></item>
</channel></rss>`)
	})
	// The wire carries the council's story under its own link, from its
	// second request on (so that the council's feed has it first).
	var wireHits atomic.Int32
	mux.HandleFunc("/wire.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		item := `<item><title>Two District Councils Agree to Share a Chief Executive</title><link>https://wire.example/councils-ceo</link>
<description>The wire's own report.</description><pubDate>Wed, 18 Nov 2026 11:00:00 GMT</pubDate></item>`
		if wireHits.Add(1) == 1 {
			item = ""
		}
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Regional wire</title>`+item+`</channel></rss>`)
	})
	mux.HandleFunc("/page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<!doctype html><html><head><title>Council</title></head><body>Welcome</body></html>")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &hits
}

// runIngest runs cmdIngest as `sharednews --config cfg ingest args…` would.
func runIngest(t *testing.T, cfg string, args ...string) (stdout string, err error) {
	t.Helper()
	var out, errOut strings.Builder
	err = cmdIngest(context.Background(), cfg, args, env{
		stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" },
	})
	if errOut.Len() > 0 {
		t.Logf("stderr: %s", errOut.String())
	}
	return out.String(), err
}

// writeFeedConfig writes a config whose newswire is the given sources
// (TOML [[feeds.source]] blocks), all on loopback.
func writeFeedConfig(t *testing.T, sources string) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	body := "[bot]\ndatabase = " + quote(filepath.Join(dir, "news.db")) + "\n[feeds]\ntimeout = \"5s\"\n" + sources
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestIngest(t *testing.T) {
	srv, _ := newswireServer(t)
	cfg := writeFeedConfig(t, `
[[feeds.source]]
url = "`+srv.URL+`/council.xml"
name = "Example Council"
sector = "local-government"
include = ["shared", "chief executive"]

[[feeds.source]]
url = "`+srv.URL+`/page.html"
name = "Council home page"

[[feeds.source]]
url = "`+srv.URL+`/missing.xml"
name = "Gone"

[[feeds.source]]
url = "`+srv.URL+`/wire.xml"
name = "Regional wire"
`)
	// Two of the four feeds fail: ingest says so in its error (exit 1),
	// having stored what the other two gave.
	const twoFailed = "2 of 4 feeds failed: the reasons are on their lines above; what the others gave was stored"
	out, err := runIngest(t, cfg)
	if err == nil || err.Error() != twoFailed {
		t.Errorf("ingest: %v, want %q", err, twoFailed)
	}
	wantAll(t, "output", out, []string{
		"Example Council    fetched       2 new, 1 queued, 1 left on the newswire by its filters\n",
		"Council home page  failed        0 new, 0 queued (not a feed: the server sent an HTML page)\n",
		"Gone               failed        0 new, 0 queued (the server answered HTTP 404 Not Found)\n",
		"Regional wire      fetched       0 new, 0 queued\n",
		"Total: 4 feeds (2 fetched, 0 not modified, 2 failed); 2 new stories, 1 queued for review\n",
	})

	// The wire now carries the council's story under another link: it is
	// held back, and said so, with how to keep it.
	out, err = runIngest(t, cfg)
	for _, want := range []string{
		"Example Council    not modified  0 new, 0 queued\n",
		"Regional wire      fetched       0 new, 0 queued, 1 held back as a duplicate\n",
		"    held back: “Two District Councils Agree to Share a Chief Executive” https://wire.example/councils-ceo looks like #1 “Two district councils agree to share a chief executive”; to keep it: /shared submit https://wire.example/councils-ceo\n",
		"Total: 4 feeds (1 fetched, 1 not modified, 2 failed); 0 new stories, 0 queued for review, 1 held back as a duplicate\n",
	} {
		if err == nil || err.Error() != twoFailed || !strings.Contains(out, want) {
			t.Errorf("second ingest lacks %q: %v\n%s", want, err, out)
		}
	}
	// The wire answers in full again (it sends no validators): the entry
	// is not held back twice.
	out, err = runIngest(t, cfg)
	if err == nil || err.Error() != twoFailed || !strings.Contains(out, "Regional wire      fetched       0 new, 0 queued\n") {
		t.Errorf("third ingest: %v\n%s", err, out)
	}

	// The stories are there for the editor, cleaned and resolved, and the
	// feeds' health for /shared feeds.
	out, _, err = runCLI(t, "/shared queue\n/shared search bin collections\n/shared feeds\n", "--config", cfg, "console")
	if err != nil {
		t.Fatal(err)
	}
	wantAll(t, "console output", out, []string{
		"Two district councils agree to share a chief executive",
		"https://council.example.gov.uk/news/shared-chief-executive",
		"Bin collections change over Christmas",
		"not modified",
		"not a feed: the server sent an HTML page",
		"1 entry held back as a duplicate, not kept (to keep one: /shared submit URL):\n" +
			"    • Two District Councils Agree to Share a Chief Executive https://wire.example/councils-ceo looks like #1 “Two district councils agree to share a chief executive”",
	})

	// An editor keeps the held-back entry by submitting its link: it is
	// queued as the wire gave it, without fetching the page, and is no
	// longer listed as held back.
	out, _, err = runCLI(t, "/shared submit https://wire.example/councils-ceo\n/shared queue\n/shared feeds\n", "--config", cfg, "console")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Queued as #3: “Two District Councils Agree to Share a Chief Executive”") ||
		!strings.Contains(out, "The wire's own report.") || strings.Contains(out, "held back as a duplicate") {
		t.Errorf("keeping the held-back entry:\n%s", out)
	}
}

func TestIngestWithoutFeeds(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	out, err := runIngest(t, cfg)
	if err != nil || !strings.Contains(out, "No feeds are configured") {
		t.Errorf("%v\n%s", err, out)
	}
	var u usageError
	if _, err := runIngest(t, cfg, "now"); !errors.As(err, &u) {
		t.Errorf("ingest with an argument: %v", err)
	}
}

func TestIngestFailsWhenEveryFeedFails(t *testing.T) {
	srv, _ := newswireServer(t)
	cfg := writeFeedConfig(t, `
[[feeds.source]]
url = "`+srv.URL+`/missing.xml"
name = "Gone"
`)
	out, err := runIngest(t, cfg)
	if err == nil || err.Error() != "the feed failed: the reason is on its line above" || !strings.Contains(out, "Gone  failed        0 new, 0 queued (the server answered HTTP 404 Not Found)") {
		t.Errorf("%v\n%s", err, out)
	}
	// Only a newswire none of whose feeds could be reached asks about the
	// network: a server that answered was reached.
	closed, closed2 := httptest.NewServer(http.NotFoundHandler()), httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	closed2.Close()
	for _, tc := range []struct{ sources, want string }{
		{"[[feeds.source]]\nurl = \"" + closed.URL + "/a.xml\"\nname = \"Closed\"\n", "every feed failed to connect; is this machine online?"},
		{"[[feeds.source]]\nurl = \"" + closed.URL + "/a.xml\"\nname = \"Closed\"\n[[feeds.source]]\nurl = \"" + closed2.URL + "/b.xml\"\nname = \"Closed too\"\n",
			"every feed failed to connect; is this machine online?"},
		{"[[feeds.source]]\nurl = \"" + closed.URL + "/a.xml\"\nname = \"Closed\"\n[[feeds.source]]\nurl = \"" + srv.URL + "/missing.xml\"\nname = \"Gone\"\n",
			"every feed failed: the reasons are on their lines above"},
	} {
		out, err := runIngest(t, writeFeedConfig(t, tc.sources))
		if err == nil || err.Error() != tc.want {
			t.Errorf("error %v, want %q\n%s", err, tc.want, out)
		}
	}
}

// TestIngestExitStatusTellsCron: the process's exit status is what cron
// and systemd timers read. ingest exited 0 while some feeds failed, so a
// feed broken for weeks was never noticed; now it exits 1 when any feed
// failed, and 0 when every feed was read, a 304 included.
func TestIngestExitStatusTellsCron(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	srv, _ := newswireServer(t)
	good := writeFeedConfig(t, "[[feeds.source]]\nurl = \""+srv.URL+"/council.xml\"\nname = \"Council\"\n")
	oneBad := writeFeedConfig(t, "[[feeds.source]]\nurl = \""+srv.URL+"/council.xml\"\nname = \"Council\"\n"+
		"[[feeds.source]]\nurl = \""+srv.URL+"/missing.xml\"\nname = \"Gone\"\n")
	for _, tc := range []struct {
		what, cfg string
		code      int
		stdout    string
		stderr    string
	}{
		{"every feed read", good, 0, "(1 fetched, 0 not modified, 0 failed)", ""},
		{"every feed not modified", good, 0, "(0 fetched, 1 not modified, 0 failed)", ""},
		{"one feed of two failed", oneBad, 1, "(1 fetched, 0 not modified, 1 failed)",
			"sharednews: 1 of 2 feeds failed: the reason is on its line above; what the others gave was stored\n"},
	} {
		cmd := cliCommand(t, "--config", tc.cfg, "ingest")
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if exit := (*exec.ExitError)(nil); errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tc.code || !strings.Contains(stdout.String(), tc.stdout) || stderr.String() != tc.stderr {
			t.Errorf("%s: exit %d, want %d; stdout lacks %q or stderr is not %q:\n%s%s", tc.what, code, tc.code, tc.stdout, tc.stderr, stdout.String(), stderr.String())
		}
	}
}

func TestStartFeedPollerRunsUntilCancelled(t *testing.T) {
	srv, hits := newswireServer(t)
	cfg := writeFeedConfig(t, `
[[feeds.source]]
url = "`+srv.URL+`/council.xml"
name = "Example Council"
`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := openApp(ctx, cfg, env{getenv: func(string) string { return "" }}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.store.Close()
	done := make(chan error, 1)
	go func() { done <- startFeedPoller(ctx, a) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		health, err := a.store.FeedHealths(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if h := health[srv.URL+"/council.xml"]; h.LastStatus == "fetched" && h.LastNewStories == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the feed was not polled at start (%d requests)", hits.Load())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("startFeedPoller: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("startFeedPoller did not return after its context ended")
	}
}

// TestIngestSaysWhereAFeedMoved: a feed that moved permanently (301) is
// read at its new address, and ingest says where, so the operator can
// change the configuration; a temporary redirect says nothing.
func TestIngestSaysWhereAFeedMoved(t *testing.T) {
	srv, _ := newswireServer(t)
	old := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code := http.StatusMovedPermanently
		if r.URL.Path == "/temporary.xml" {
			code = http.StatusFound
		}
		http.Redirect(w, r, srv.URL+"/council.xml", code)
	}))
	t.Cleanup(old.Close)
	cfg := writeFeedConfig(t, `
[[feeds.source]]
url = "`+old.URL+`/council.xml"
name = "Example Council"

[[feeds.source]]
url = "`+old.URL+`/temporary.xml"
name = "Mirror"
`)
	out, err := runIngest(t, cfg)
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	// (Which of the two stores the stories first is chance.)
	lines := strings.Split(out, "\n")
	if len(lines) < 4 || !strings.HasPrefix(lines[0], "Example Council  fetched ") ||
		lines[1] != "    moved permanently to "+srv.URL+"/council.xml: change its url in the configuration" ||
		!strings.HasPrefix(lines[2], "Mirror           fetched ") || !strings.HasPrefix(lines[3], "Total: 2 feeds") {
		t.Errorf("output:\n%s", out)
	}
}

// TestIngestSaysWhatItDidNotRead: entries that cannot be stories (no web
// link: a javascript: link, a podcast episode with only its audio file)
// are counted in the feed's line, not lost without a word.
// TestIngestSaysWhatItDidNotRead: the entries a feed gave that are not
// stories, for a reason other than being duplicates, are counted with
// why, on the feed's ingest line and in /shared feeds, as are the new
// stories its filters left on the newswire.
func TestIngestSaysWhatItDidNotRead(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Podcast</title>
<item><title>Episode 1: shared services</title><enclosure url="https://pod.example/1.mp3" type="audio/mpeg" length="1"/><guid isPermaLink="false">ep-1</guid></item>
<item><title>Click me</title><link>javascript:alert(1)</link></item>
<item><title>Councils share a chief executive</title><link>https://pod.example/news/ceo</link></item>
<item><title>Bin collections change over Christmas</title><link>https://pod.example/news/bins</link></item>
</channel></rss>`)
	}))
	defer srv.Close()
	cfg := writeFeedConfig(t, "[[feeds.source]]\nurl = "+quote(srv.URL+"/pod.xml")+"\nname = \"Podcast\"\nexclude = [\"bin collections\"]\n")
	out, err := runIngest(t, cfg)
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	// The episode is linked to its enclosure; the javascript: link is no
	// web link.
	if !strings.Contains(out, "Podcast  fetched       3 new, 2 queued, 1 left on the newswire by its filters, left out 1 entry without a web link\n") {
		t.Errorf("output:\n%s", out)
	}
	shown, _, err := runCLI(t, "/shared feeds\n", "--config", cfg, "console")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(shown, "(fetched), 3 new stories, 1 left on the newswire by its filters") || !strings.Contains(shown, "Left out when last read: 1 entry without a web link") {
		t.Errorf("/shared feeds:\n%s", shown)
	}
}

// TestKeptHeldBackEntryKeepsItsFeedsSuggestion: an entry held back as a
// duplicate was given its suggested sector with its feed's sector hint;
// keeping it with /shared submit keeps that suggestion, rather than asking
// the model again without the hint and showing the editor a card that
// disagrees with itself ("Housing (suggested: Highway Code)") although
// nobody chose a sector.
func TestKeptHeldBackEntryKeepsItsFeedsSuggestion(t *testing.T) {
	// "Mayor opens new bridge" is Highway Code to the configured keywords
	// alone and Housing with a housing feed's hint.
	var housingHits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/council.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Council news</title>
<item><title>Mayor opens new bridge</title><link>https://council.example.gov.uk/news/bridge</link></item>
</channel></rss>`)
	})
	mux.HandleFunc("/housing.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		item := `<item><title>Mayor opens new bridge</title><link>https://housing.example/bridge</link></item>`
		if housingHits.Add(1) == 1 {
			item = "" // the council's feed has the story first
		}
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Regional wire</title>`+item+`</channel></rss>`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	cfg := writeFeedConfig(t, `
[[feeds.source]]
url = "`+srv.URL+`/council.xml"
name = "Example Council"

[[feeds.source]]
url = "`+srv.URL+`/housing.xml"
name = "Regional wire"
sector = "housing"
`)
	for i := 0; i < 2; i++ {
		if _, err := runIngest(t, cfg); err != nil {
			t.Fatalf("ingest %d: %v", i+1, err)
		}
	}
	out, _, err := runCLI(t, "/shared submit https://housing.example/bridge\n", "--config", cfg, "console")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Queued as #2: “Mayor opens new bridge” (Housing)") ||
		!strings.Contains(out, "Sector: Housing (suggested") || strings.Contains(out, "(suggested: ") {
		t.Errorf("keeping the held-back entry of a housing feed:\n%s", out)
	}
}

// TestIngestSaysWhatThePublisherCorrected: the publisher corrects the
// headline of an entry already queued; the next ingest takes it and says
// so on the feed's line.
func TestIngestSaysWhatThePublisherCorrected(t *testing.T) {
	var title atomic.Value
	title.Store("Two councils agree to share a chief exective")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Council news</title>
<item><title>`+title.Load().(string)+`</title><link>https://council.example.gov.uk/news/ceo</link><guid>ceo</guid></item>
</channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	cfg := writeFeedConfig(t, "[[feeds.source]]\nurl = \""+srv.URL+"/council.xml\"\nname = \"Example Council\"\n")
	if out, err := runIngest(t, cfg); err != nil || !strings.Contains(out, "Example Council  fetched       1 new, 1 queued\n") {
		t.Fatalf("first ingest: %v\n%s", err, out)
	}
	title.Store("Two councils agree to share a chief executive")
	out, err := runIngest(t, cfg)
	if err != nil || !strings.Contains(out, "Example Council  fetched       0 new, 0 queued, 1 waiting story corrected by the publisher\n") {
		t.Errorf("second ingest: %v\n%s", err, out)
	}
}

// TestIngestHoldsBackEntriesSharingALink: a feed whose entries have their
// own GUIDs and headlines but one link stores one story; ingest and
// /shared feeds show the others held back as duplicates of it by link
// (they vanished, counted nowhere), and a poll of the unchanged feed
// counts nothing new.
func TestIngestHoldsBackEntriesSharingALink(t *testing.T) {
	const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Same Link Wire</title><link>http://same.example/</link><description>x</description>
<item><title>Story 0 about libraries</title><link>http://same.example/news</link><guid isPermaLink="false">same-0</guid></item>
<item><title>Story 1 about libraries</title><link>http://same.example/news</link><guid isPermaLink="false">same-1</guid></item>
<item><title>Story 2 about libraries</title><link>http://same.example/news</link><guid isPermaLink="false">same-2</guid></item>
</channel></rss>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, feed)
	}))
	t.Cleanup(srv.Close)
	cfg := writeFeedConfig(t, `
[[feeds.source]]
url = "`+srv.URL+`/same.xml"
name = "Same Link Wire"
`)
	out, err := runIngest(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	wantAll(t, "first ingest", out, []string{
		"Same Link Wire  fetched       1 new, 1 queued, 2 held back as duplicates\n",
		"    held back: “Story 1 about libraries” http://same.example/news has the link of #1 “Story 0 about libraries” (one link is one story)\n",
		"    held back: “Story 2 about libraries” http://same.example/news has the link of #1 “Story 0 about libraries” (one link is one story)\n",
		"Total: 1 feed (1 fetched, 0 not modified, 0 failed); 1 new story, 1 queued for review, 2 held back as duplicates\n",
	})
	// The server sends no validators: the feed is read in full again.
	if out, err = runIngest(t, cfg); err != nil || !strings.Contains(out, "Same Link Wire  fetched       0 new, 0 queued\n") {
		t.Errorf("second ingest: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "/shared feeds\n", "--config", cfg, "console")
	if err != nil {
		t.Fatal(err)
	}
	wantAll(t, "/shared feeds", out, []string{
		"2 entries held back as duplicates:\n",
		"    • Story 2 about libraries http://same.example/news has the link of #1 “Story 0 about libraries”",
		"    • Story 1 about libraries http://same.example/news has the link of #1 “Story 0 about libraries”",
	})
}

// TestIngestSaysAFeedWasCutShort: a feed that ends in the middle gives
// the entries complete before the cut, and its line says it was cut short
// after them; ingest exits 1, as for any feed that was not read whole.
func TestIngestSaysAFeedWasCutShort(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Council news</title>
<item><title>Councils share a chief executive</title><link>https://council.example/news/ceo</link></item>
<item><title>Bin collections change over Christmas</title><link>https://council.example/news/bins</link></item>
<item><title>Budget consultation opens</title><link>https://council.exa`)
	}))
	defer srv.Close()
	cfg := writeFeedConfig(t, "[[feeds.source]]\nurl = "+quote(srv.URL+"/news.xml")+"\nname = \"Council\"\n")
	out, err := runIngest(t, cfg)
	if err == nil || !strings.Contains(err.Error(), "1 feed failed") && !strings.Contains(err.Error(), "the feed failed") {
		t.Errorf("ingest: %v", err)
	}
	if !strings.Contains(out, "Council  failed        2 new, 2 queued (truncated XML at line 4: the feed ends before its closing tags; it was cut short after 2 entries, which were read)\n") {
		t.Errorf("output:\n%s", out)
	}
}
