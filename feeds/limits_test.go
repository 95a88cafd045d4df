package feeds

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/feeds/feedtest"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestSlowAndEndlessFeedsAreCutOff polls, at once, a server that never
// answers, one that trickles its body, one whose body never ends, a
// redirect loop, endless redirects and a good feed: the good one is stored and the others
// fail within the timeout, each with its own reason.
func TestSlowAndEndlessFeedsAreCutOff(t *testing.T) {
	const timeout = 700 * time.Millisecond
	good := `<rss version="2.0"><channel><title>T</title><item><title>Good story about shared services</title><link>https://x.example/1</link></item></channel></rss>`
	mux := http.NewServeMux()
	mux.HandleFunc("/silent", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	mux.HandleFunc("/trickle", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<rss version="2.0"><channel><title>T</title>`))
		for {
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<rss version="2.0"><channel><title>T</title>`))
		item := []byte(strings.Repeat(`<item><title>More</title><link>https://x.example/more</link></item>`, 100))
		for {
			if _, err := w.Write(item); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/hops", func(w http.ResponseWriter, r *http.Request) {
		// Redirects without end, each to an address not asked before.
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		http.Redirect(w, r, fmt.Sprintf("/hops?n=%d", n+1), http.StatusFound)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusGone)
	})
	mux.HandleFunc("/good", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(good))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	f := feedsConfig(src(srv.URL+"/silent"), src(srv.URL+"/trickle"), src(srv.URL+"/endless"),
		src(srv.URL+"/loop"), src(srv.URL+"/hops"), src(srv.URL+"/gone"), src(srv.URL+"/good"))
	f.Timeout.Duration = timeout
	f.MaxBytes = 256 << 10
	f.Concurrency = 8
	st := storetest.Open(t, "")
	p := newPoller(t, st, f)
	start := time.Now()
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > timeout+2*time.Second {
		t.Errorf("polling took %v with a %v timeout", took, timeout)
	}
	want := map[string]string{
		"silent":  "timed out after 700ms (feeds.timeout)",
		"trickle": "timed out after 700ms (feeds.timeout) while reading the feed",
		"endless": "the feed is larger than feeds.max_bytes (262144 bytes); it was cut short there after 1,000 entries, which were read",
		"loop":    "the server redirects the feed in a loop (" + srv.URL + "/loop → " + srv.URL + "/loop), so it cannot be read there",
		"hops":    "the server redirected more than 5 times",
		"gone":    "the feed is gone: the server answered HTTP 410 Gone; remove it from the configuration (until then it is tried every 12 hours)",
	}
	for _, r := range results {
		if r.Source.Name == "good" {
			if r.Status != StatusFetched || r.New != 1 {
				t.Errorf("good feed: %+v", r)
			}
			continue
		}
		if r.Status != StatusFailed || r.Reason != want[r.Source.Name] {
			t.Errorf("%s: %s %q, want failed %q", r.Source.Name, r.Status, r.Reason, want[r.Source.Name])
		}
		if r.Took > timeout+time.Second {
			t.Errorf("%s took %v", r.Source.Name, r.Took)
		}
	}
}

func TestUnreachableFeedFails(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close() // nothing listens there any more
	p := newPoller(t, storetest.Open(t, ""), feedsConfig(src(addr+"/rss")))
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; r.Status != StatusFailed || !strings.HasPrefix(r.Reason, "could not connect: ") {
		t.Errorf("%+v", r)
	}
}

// TestHostileFeedsFailAlone polls generated feeds built to make a parser's
// tree huge, beside an ordinary feed: each fails with a sentence naming the
// limit it is over, and the ordinary one is stored. (cmd/feedbench -attacks
// measures the memory the full-size ones take.)
func TestHostileFeedsFailAlone(t *testing.T) {
	fs := newFeedServer(t)
	good := fs.serveBody("/good.xml", rssOf(`<item><title>An ordinary story about councils</title><link>https://x.example/good</link></item>`))
	sources := []config.FeedSource{src(good)}
	want := map[string]string{}
	for _, c := range []struct {
		attack feedtest.Attack
		reason string
	}{
		{feedtest.Nested(64 << 10), "the feed nests elements more than 100 deep, the newswire's limit; it was not read"},
		{feedtest.Namespaced(maxElements), "the feed has more than 50000 elements in its first 1000 entries, the newswire's limit; it was not read"},
		{feedtest.Attributes(maxAttributes/3 + 1), "the feed has more than 50000 attributes in its first 1000 entries, the newswire's limit; it was not read"},
		{feedtest.StrayLessThan(64 << 10), "invalid XML at line 3: expected element name after < (the feed has more than 10000 '<' in its text that should be written &lt;, the newswire's limit; it was not read)"},
	} {
		u := fs.serveBody("/"+c.attack.Name, c.attack.Body)
		sources = append(sources, src(u))
		want[c.attack.Name] = c.reason
	}
	st := storetest.Open(t, "")
	results, err := newPoller(t, st, feedsConfig(sources...)).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Source.Name == "good.xml" {
			if r.Status != StatusFetched || r.New != 1 {
				t.Errorf("good feed: %+v", r)
			}
			continue
		}
		if r.Status != StatusFailed || r.Reason != want[r.Source.Name] {
			t.Errorf("%s: %s %q, want %q", r.Source.Name, r.Status, r.Reason, want[r.Source.Name])
		}
	}
}

// TestHostileJSONFeedsFailAlone: a JSON Feed under feeds.max_bytes whose
// item, or the feed itself, lists more values than the XML check allows
// elements ("attachments":[{},{},…], three bytes each, each a struct to
// decode) fails with a sentence naming the limit, where it once took
// 579 MB to read at 5 MB; one within the limit is read, and so is one
// whose values past the limit lie beyond the entries read.
func TestHostileJSONFeedsFailAlone(t *testing.T) {
	fs := newFeedServer(t)
	over := func(unit string) int { return (maxElements+10)*(len(unit)+1) + 400 }
	const reason = "the feed has more than 50000 values in its first 1000 entries, the newswire's limit; it was not read"
	want := map[string]string{}
	var sources []config.FeedSource
	for _, a := range []feedtest.Attack{
		feedtest.JSONList("attachments", "{}", false, over("{}")),
		feedtest.JSONList("tags", `""`, false, over(`""`)),
		feedtest.JSONList("authors", "{}", true, over("{}")),
	} {
		sources = append(sources, src(fs.serveTyped("/"+a.Name, a.Body, "application/feed+json")))
		want[a.Name] = reason
	}
	// Within the limit, as strings and as objects (each object one value,
	// not also the comma before it).
	within := feedtest.JSONList("tags", `"x"`, false, 4*(maxElements-100))
	sources = append(sources, src(fs.serveTyped("/within", within.Body, "application/feed+json")))
	withinObjects := feedtest.JSONList("attachments", "{}", false, 3*(maxElements-100))
	sources = append(sources, src(fs.serveTyped("/within-objects", withinObjects.Body, "application/feed+json")))
	var long strings.Builder
	long.WriteString(`{"version":"https://jsonfeed.org/version/1.1","title":"Long","items":[`)
	for i := range MaxEntries {
		fmt.Fprintf(&long, `{"id":"%d","url":"https://x.example/%d","title":"Story %d of a long archive","tags":["a","b"]},`, i, i, i)
	}
	long.WriteString(`{"id":"last","url":"https://x.example/last","title":"Beyond","tags":[` + strings.Repeat(`"",`, maxElements) + `""]}]}`)
	sources = append(sources, src(fs.serveTyped("/long", []byte(long.String()), "application/feed+json")))
	st := storetest.Open(t, "")
	results, err := newPoller(t, st, feedsConfig(sources...)).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		switch r.Source.Name {
		case "within", "within-objects":
			// One story between them: they carry the same link.
			if r.Status != StatusFetched {
				t.Errorf("%s the limit: %s (%s)", r.Source.Name, r.Status, r.Reason)
			}
		case "long":
			if r.Status != StatusFetched || r.New != MaxEntries || r.Skipped != 1 {
				t.Errorf("long: %s, %d new, %d skipped (%s)", r.Status, r.New, r.Skipped, r.Reason)
			}
		default:
			if r.Status != StatusFailed || r.Reason != want[r.Source.Name] {
				t.Errorf("%s: %s %q, want %q", r.Source.Name, r.Status, r.Reason, want[r.Source.Name])
			}
		}
	}
}

// TestLongFeedIsReadToItsFirstEntries: a feed of more entries than are
// read at once gives its first MaxEntries and counts the others as
// skipped, whatever it holds beyond them.
func TestLongFeedIsReadToItsFirstEntries(t *testing.T) {
	fs := newFeedServer(t)
	long := feedtest.Items(MaxEntries + 250)
	// Beyond the entries read, nothing is held against the feed: not even
	// nesting deeper than the limit.
	body := strings.Replace(string(long.Body), "</channel>", strings.Repeat("<x:a>", 3*maxDepth)+strings.Repeat("</x:a>", 3*maxDepth)+"</channel>", 1)
	st := storetest.Open(t, "")
	results, err := newPoller(t, st, feedsConfig(src(fs.serveBody("/long.xml", []byte(body))))).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; r.Status != StatusFetched || r.New != MaxEntries || r.Skipped != 250 {
		t.Errorf("%s: %d new, %d skipped (%s)", r.Status, r.New, r.Skipped, r.Reason)
	}
	stories := allStories(t, st)
	if len(stories) != MaxEntries || stories[0].Headline != "Story 0 of a long archive" {
		t.Errorf("%d stories, first %+v", len(stories), stories[0])
	}
}

// TestBrokenConnectionsAreSentences: a server that resets the connection,
// or closes it half-way through its answer, is described in words, never
// with the addresses of the connection.
func TestBrokenConnectionsAreSentences(t *testing.T) {
	base := rawServer(t, func(conn net.Conn, path string) {
		switch path {
		case "/reset":
			conn.(*net.TCPConn).SetLinger(0) // close with a RST
		case "/half":
			io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 5000\r\n\r\n<rss version=\"2.0\"><channel>")
		case "/silent-close":
		}
	})
	p := newPoller(t, storetest.Open(t, ""), feedsConfig(src(base+"/reset"), src(base+"/half"), src(base+"/silent-close")))
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"reset":        "the server reset the connection",
		"half":         "the server closed the connection before it finished answering while reading the feed",
		"silent-close": "the server closed the connection before it finished answering",
	}
	for _, r := range results {
		if r.Status != StatusFailed || r.Reason != want[r.Source.Name] || strings.Contains(r.Reason, "127.0.0.1") {
			t.Errorf("%s: %s %q, want %q", r.Source.Name, r.Status, r.Reason, want[r.Source.Name])
		}
	}
}

// TestJSONValuesSkipStrings: jsonValues counts a JSON text's values, its
// own and its containers' members, once each; what a string holds,
// brackets and commas and escaped quotes, is not counted.
func TestJSONValuesSkipStrings(t *testing.T) {
	for body, want := range map[string]int{
		`{}`:                         1,
		`[{},{}]`:                    3,
		` [ { } , [ ] , 1 ] `:        4,
		`{"a":1,"b":[1,2,{}]}`:       6,
		`{"a":"[,{\"[","b":[1,2]}`:   5,
		`["\\",[]]`:                  3,
		`"no values, [none]"`:        1,
		`{"t":"a \\\" , [ b","u":1}`: 3,
	} {
		if got := jsonValues([]byte(body)); got != want {
			t.Errorf("jsonValues(%s) = %d, want %d", body, got, want)
		}
	}
}

// FuzzJSONValuesAgreesWithDecoder: on any valid JSON text, jsonValues
// counts exactly the values encoding/json's tokenizer sees (each
// container by its opening delimiter, each scalar once), so the limit
// holds a JSON Feed to what decoding it would build.
func FuzzJSONValuesAgreesWithDecoder(f *testing.F) {
	for _, seed := range []string{`{}`, `[{},{}]`, `{"a":"[,{\"[","b":[1,2]}`, `["\\",[]]`, `"s"`, ` [ 1 , { "k" : null } ] `, `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","tags":["a","b"]}]}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			return
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		want := 0
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("valid JSON %q: %v", b, err)
			}
			if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
				continue
			}
			if _, isString := tok.(string); isString && keyNext(b, dec.InputOffset()) {
				continue
			}
			want++
		}
		if got := jsonValues(b); got != want {
			t.Fatalf("jsonValues(%q) = %d, the decoder saw %d", b, got, want)
		}
	})
}

// keyNext reports whether the token that ended at offset in b is an
// object's key: the next byte that is not white space is a colon.
func keyNext(b []byte, offset int64) bool {
	rest := bytes.TrimLeft(b[offset:], " \t\r\n")
	return len(rest) > 0 && rest[0] == ':'
}
