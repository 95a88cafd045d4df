package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

var cacheablePaths = []string{"/", "/editions", "/editions?page=1", "/editions/2", "/sectors/health", "/search", "/search?q=merge", "/feed.atom"}

func TestConditionalGetAnswers304UntilTheArchiveChanges(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	// After the second of the last change: a page sent in it dates from the
	// second before until that second is over (toNextSecond), and this
	// compares the validators of requests that may fall either side of it.
	toNextSecond()
	etags := map[string]string{}
	for _, p := range cacheablePaths {
		r := f.get(p)
		etag, lm := r.header.Get("ETag"), r.header.Get("Last-Modified")
		if r.status != 200 || etag == "" || lm == "" || r.header.Get("Cache-Control") != "public, no-cache" {
			t.Fatalf("%s = %d, ETag %q, Last-Modified %q, Cache-Control %q", p, r.status, etag, lm, r.header.Get("Cache-Control"))
		}
		if _, err := http.ParseTime(lm); err != nil {
			t.Errorf("%s: Last-Modified %q: %v", p, lm, err)
		}
		etags[p] = etag
		for _, cond := range [][]string{
			{"If-None-Match", etag},
			{"If-None-Match", "W/" + etag},
			{"If-None-Match", `"other", ` + etag},
			{"If-None-Match", "*"},
			{"If-Modified-Since", lm},
			{"If-Modified-Since", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)},
		} {
			for _, method := range []string{"GET", "HEAD"} {
				nm := f.do(method, p, cond...)
				if nm.status != 304 || nm.body != "" || nm.header.Get("ETag") != etag {
					t.Errorf("%s %s with %s: %s = %d (body %d bytes, ETag %q)", method, p, cond[0], cond[1], nm.status, len(nm.body), nm.header.Get("ETag"))
				}
			}
		}
		for _, cond := range [][]string{
			{"If-None-Match", `"something-else"`},
			{"If-Modified-Since", "Mon, 02 Jan 2006 15:04:05 GMT"},
			{"If-Modified-Since", "not a date"},
			// If-None-Match decides when both are sent.
			{"If-None-Match", `"something-else"`, "If-Modified-Since", lm},
		} {
			if r := f.get(p, cond...); r.status != 200 || r.body == "" {
				t.Errorf("GET %s with %v = %d, want 200 with the page", p, cond, r.status)
			}
		}
	}
	// Work on the draft leaves every page as it was.
	f.story("A new queued story", "health", "https://example.org/new-queued", "")
	for _, p := range cacheablePaths {
		if r := f.get(p, "If-None-Match", etags[p]); r.status != 304 {
			t.Errorf("%s after queue work = %d, want 304", p, r.status)
		}
	}
	// Publishing changes every page.
	f.publish("2026-10-22", "")
	for _, p := range cacheablePaths {
		r := f.get(p, "If-None-Match", etags[p])
		if r.status != 200 || r.header.Get("ETag") == etags[p] {
			t.Errorf("%s after publishing = %d with ETag %q (was %q)", p, r.status, r.header.Get("ETag"), etags[p])
		}
	}
	// So does moving the site: its links change.
	r := f.get("/")
	f.serve("https://elsewhere.example")
	if again := f.get("/", "If-None-Match", r.header.Get("ETag")); again.status != 200 {
		t.Errorf("after public_url changed, / = %d, want 200", again.status)
	}
}

// TestValidatorsOutliveARestart: a restart of the same program with the
// same configuration answers a reader's cached copy with 304, as README
// promises until an edition is published or imported; before, every start
// gave every page a new ETag and Last-Modified. A changed configuration
// (Settings) gives new ones, dated from its first start.
func TestValidatorsOutliveARestart(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	// The copies are made after the second of the last change: one made
	// in it dates from the second before, and is sent again in full once
	// that second is over (TestAChangeInTheSameSecondIsNotLostToIfModifiedSince).
	toNextSecond()
	before := map[string]response{}
	for _, p := range cacheablePaths {
		before[p] = f.get(p)
	}
	time.Sleep(1100 * time.Millisecond) // a start a second later
	f.serve(publicURL)
	for _, p := range cacheablePaths {
		etag, lm := before[p].header.Get("ETag"), before[p].header.Get("Last-Modified")
		if r := f.get(p); r.header.Get("ETag") != etag || r.header.Get("Last-Modified") != lm {
			t.Errorf("%s after a restart: ETag %q, Last-Modified %q; before %q, %q", p,
				r.header.Get("ETag"), r.header.Get("Last-Modified"), etag, lm)
		}
		if r := f.get(p, "If-Modified-Since", lm); r.status != 304 {
			t.Errorf("%s after a restart, If-Modified-Since its Last-Modified = %d, want 304", p, r.status)
		}
	}
	a, err := New(context.Background(), Options{PublicURL: publicURL, SiteName: f.cfg.Bot.Name, Bot: f.bot, Store: f.store,
		Build: "test", Settings: "another configuration"})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Mount(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	defer a.entryWriter.wait()
	resp, err := f.client.Get(srv.URL + "/editions") // plain, as before[p] is
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	old := before["/editions"]
	if resp.Header.Get("ETag") == old.header.Get("ETag") {
		t.Errorf("a new configuration kept the ETag %q", old.header.Get("ETag"))
	}
	was, _ := http.ParseTime(old.header.Get("Last-Modified"))
	if now, _ := http.ParseTime(resp.Header.Get("Last-Modified")); !now.After(was) {
		t.Errorf("a new configuration's Last-Modified %v, want after %v", now, was)
	}
}

func TestHeadHasTheHeadersOfGetWithoutTheBody(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	// After the second of the last change: a page sent in it dates from the
	// second before until that second is over (toNextSecond), and this
	// compares the validators of requests that may fall either side of it.
	toNextSecond()
	for _, p := range append(cacheablePaths, "/style.css", "/nope", "/editions/x") {
		get, head := f.get(p), f.do("HEAD", p)
		if head.status != get.status || head.body != "" {
			t.Errorf("HEAD %s = %d with %d bytes; GET = %d", p, head.status, len(head.body), get.status)
		}
		for _, h := range []string{"Content-Type", "ETag", "Last-Modified", "Content-Security-Policy"} {
			if head.header.Get(h) != get.header.Get(h) {
				t.Errorf("HEAD %s: %s = %q, GET has %q", p, h, head.header.Get(h), get.header.Get(h))
			}
		}
		if n, err := strconv.Atoi(head.header.Get("Content-Length")); err != nil || n != len(get.body) {
			t.Errorf("HEAD %s: Content-Length %q, GET body %d bytes", p, head.header.Get("Content-Length"), len(get.body))
		}
	}
}

func TestStylesheetIsServedOnceAndKept(t *testing.T) {
	f := newFixture(t)
	r := f.get("/style.css")
	if r.status != 200 || r.header.Get("Content-Type") != "text/css; charset=utf-8" || len(r.body) < 500 {
		t.Fatalf("/style.css = %d %q, %d bytes", r.status, r.header.Get("Content-Type"), len(r.body))
	}
	if len(r.body) > 8<<10 {
		t.Errorf("the stylesheet is %d bytes; keep it small", len(r.body))
	}
	if r.header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control = %q", r.header.Get("Cache-Control"))
	}
	if nm := f.get("/style.css", "If-None-Match", r.header.Get("ETag")); nm.status != 304 {
		t.Errorf("revalidating the stylesheet = %d", nm.status)
	}
	home := f.get("/")
	if want := `href="` + publicURL + `/style.css?v=` + f.archive.style.hash + `"`; !strings.Contains(home.body, want) {
		t.Errorf("pages do not link the stylesheet by its hash (%s)", want)
	}
}

// TestConditionsNeverTurnA404Into304: RFC 9110 section 13.2.1, "a server
// MUST ignore all received preconditions if its response to the same
// request without those conditions would have been a status code other
// than a 2xx": an address that names no page is a 404 whatever the
// request's If-None-Match or If-Modified-Since, while a page that exists
// still answers 304.
func TestConditionsNeverTurnA404Into304(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	var health []digest.Story
	for i := range storiesPerPage {
		health = append(health, f.story("Health board shares service "+itoa(i), "health", "https://example.org/health/"+itoa(i), ""))
	}
	f.publish("2026-10-22", "", health...) // /sectors/health?page=2 exists
	// After the second of the last change: a page sent in it dates from the
	// second before until that second is over (toNextSecond), and this
	// compares the validators of requests that may fall either side of it.
	toNextSecond()
	home := f.get("/")
	etag, lm := home.header.Get("ETag"), home.header.Get("Last-Modified")
	later := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	conditions := [][]string{{"If-None-Match", etag}, {"If-None-Match", "*"}, {"If-None-Match", "W/" + etag},
		{"If-Modified-Since", lm}, {"If-Modified-Since", later}}
	for _, p := range []string{"/editions/5", "/editions/0", "/editions/99999999999", "/editions?page=2", "/editions?page=999999",
		"/feed.atom?page=2", "/sectors/health?page=3", "/sectors/international?page=2"} {
		for _, cond := range conditions {
			for _, method := range []string{"GET", "HEAD"} {
				if r := f.do(method, p, cond...); r.status != 404 {
					t.Errorf("%s %s with %s: %s = %d, want 404", method, p, cond[0], cond[1], r.status)
				}
			}
		}
	}
	for _, p := range []string{"/editions/4", "/editions/1", "/editions", "/feed.atom", "/sectors/health", "/sectors/health?page=2",
		"/sectors/international", "/search?q=merge"} {
		f.get(p)
		for _, cond := range conditions {
			if r := f.get(p, cond...); r.status != 304 {
				t.Errorf("GET %s with %s: %s = %d, want 304", p, cond[0], cond[1], r.status)
			}
		}
	}
}

// TestIfMatchUsesTheStrongComparison: RFC 9110 sections 13.1.1 and 13.1.4,
// in the order of section 13.2.2. If-Match, on any method, lets the
// request through only for a current entity-tag compared strongly (a weak
// W/"…" never matches); without it, If-Unmodified-Since only when the page
// has not changed since. Otherwise 412 Precondition Failed, and never for
// an address that is a 404 anyway.
func TestIfMatchUsesTheStrongComparison(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	// Each 200 compared with is sent after the second of the last change:
	// one sent in it dates from the second before, so once that second is
	// over its Last-Modified is no longer the page's, and If-Unmodified-Since
	// it fails (TestAChangeInTheSameSecondIsNotLostToIfModifiedSince).
	toNextSecond()
	earlier := "Mon, 02 Jan 2006 15:04:05 GMT"
	for _, p := range []string{"/", "/editions/2", "/editions", "/feed.atom", "/sectors/health", "/search?q=merge", "/style.css"} {
		r := f.get(p)
		etag, lm := r.header.Get("ETag"), r.header.Get("Last-Modified")
		for _, tc := range []struct {
			status int
			cond   []string
		}{
			{200, []string{"If-Match", etag}},
			{200, []string{"If-Match", "*"}},
			{200, []string{"If-Match", `"other", ` + etag}},
			{412, []string{"If-Match", "W/" + etag}},
			{412, []string{"If-Match", `"other"`}},
			{200, []string{"If-Match", etag, "If-Unmodified-Since", earlier}}, // If-Match decides
			{412, []string{"If-Unmodified-Since", earlier}},
			{200, []string{"If-Unmodified-Since", "not a date"}},
			{304, []string{"If-Match", etag, "If-None-Match", etag}},
			{412, []string{"If-Match", `"other"`, "If-None-Match", etag}}, // If-Match first
		} {
			if lm == "" && tc.cond[0] == "If-Unmodified-Since" {
				continue // the stylesheet has no Last-Modified
			}
			for _, method := range []string{"GET", "HEAD"} {
				got := f.do(method, p, tc.cond...)
				if got.status != tc.status {
					t.Errorf("%s %s with %q = %d, want %d", method, p, tc.cond, got.status, tc.status)
				}
				if got.status == 412 && got.header.Get("Cache-Control") != "no-store" {
					t.Errorf("%s %s: a 412 may be cached: %v", method, p, got.header)
				}
				// RFC 9110 section 15.4.5: a 304 carries the 200's Cache-Control and ETag.
				if got.status == 304 && (got.header.Get("Cache-Control") != r.header.Get("Cache-Control") ||
					got.header.Get("ETag") != etag || got.header.Get("Last-Modified") != lm) {
					t.Errorf("%s %s: 304 headers %v, the 200's %v", method, p, got.header, r.header)
				}
			}
		}
		if lm != "" {
			if r := f.get(p, "If-Unmodified-Since", lm); r.status != 200 {
				t.Errorf("GET %s with If-Unmodified-Since %s = %d, want 200", p, lm, r.status)
			}
		}
	}
	if r := f.get("/editions/9", "If-Match", `"other"`); r.status != 404 {
		t.Errorf("GET /editions/9 with a failing If-Match = %d, want 404", r.status)
	}
}

// TestLastModifiedIsNeverInTheFuture: an edition imported with a date
// ahead of the clock (a typo in the back catalogue, or an edition written
// ahead) must not put Last-Modified in the future. RFC 9110 section
// 8.8.2.1: an origin server MUST NOT send a Last-Modified later than the
// message's Date, and replaces such a time with the Date. Otherwise a
// client that revalidates with If-Modified-Since alone is told 304 after
// later editions are published, until that date comes.
func TestLastModifiedIsNeverInTheFuture(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	ahead := time.Now().AddDate(0, 2, 0).UTC().Truncate(24 * time.Hour)
	if _, err := f.store.ImportEdition(context.Background(), digest.Edition{State: digest.EditionPublished,
		Title: "An edition dated ahead", Date: ahead,
		Sections: []digest.Section{{Sector: digest.Sector{Slug: "health"}, Stories: []digest.Story{{URL: "urn:sharednews:archive:ahead",
			Headline: "A story dated ahead", Sector: "health"}}}}}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/editions", "/feed.atom", "/sectors/health", "/search?q=story"} {
		r := f.get(p)
		lm, err := http.ParseTime(r.header.Get("Last-Modified"))
		if err != nil {
			t.Fatalf("%s: Last-Modified %q: %v", p, r.header.Get("Last-Modified"), err)
		}
		date, err := http.ParseTime(r.header.Get("Date"))
		if err != nil {
			t.Fatal(err)
		}
		if lm.After(date) {
			t.Errorf("%s: Last-Modified %s is after the Date %s", p, lm, date)
		}
	}
	before := f.get("/feed.atom")
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second))) // Last-Modified counts seconds
	f.publish(time.Now().Format("2006-01-02"), "", f.story("Published after the import", "housing", "https://example.org/after", ""))
	if r := f.get("/feed.atom", "If-Modified-Since", before.header.Get("Last-Modified")); r.status != 200 ||
		!strings.Contains(r.body, "Published after the import") {
		t.Errorf("the feed after a new publication, with If-Modified-Since its last Last-Modified = %d, want 200 with the new edition", r.status)
	}
}

// RFC 9110 section 5.3: a list field may come as several field lines, which
// mean the same as one line joined with commas; proxies and clients that
// add a tag to the ones they had do send If-None-Match twice.
func TestConditionListsSplitOverSeveralLines(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	for _, p := range []string{"/", "/editions", "/editions/2", "/feed.atom", "/sectors/health", "/search?q=merge", "/style.css"} {
		etag := f.get(p).header.Get("ETag")
		for _, tc := range []struct {
			name   string
			values []string
			status int
		}{
			{"If-None-Match", []string{`"other"`, etag}, 304},
			{"If-None-Match", []string{`"other"`, `W/` + etag}, 304},
			{"If-None-Match", []string{`"other"`, `"another"`}, 200},
			{"If-Match", []string{`"other"`, etag}, 200},
			{"If-Match", []string{`"other"`, `"another"`}, 412},
		} {
			for _, method := range []string{"GET", "HEAD"} {
				req, err := http.NewRequest(method, f.srv.URL+p, nil)
				if err != nil {
					t.Fatal(err)
				}
				req.Header[tc.name] = tc.values
				resp, err := f.client.Do(req) // as f.get, without asking for gzip
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != tc.status {
					t.Errorf("%s %s with %s over two lines %q = %d, want %d", method, p, tc.name, tc.values, resp.StatusCode, tc.status)
				}
			}
		}
	}
}
