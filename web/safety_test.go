package web

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestNothingUnpublishedAppearsAnywhere crawls every page the archive links
// to, and tries every edition number and story ID the database has used, a
// search for every word of the hidden stories, and every page of the feed:
// no draft, queued, rejected or newswire text may come back.
func TestNothingUnpublishedAppearsAnywhere(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	paths := map[string]bool{}
	add := func(p string) {
		if p != "" {
			paths[p] = true
		}
	}
	for _, p := range []string{"/", "/editions", "/search", "/feed.atom", "/feed.atom?page=2", "/editions?page=2"} {
		add(p)
	}
	// Every ID: edition numbers, and story and edition row IDs tried as
	// edition numbers (the draft's row ID among them).
	for n := 0; n <= 20; n++ {
		add("/editions/" + strconv.Itoa(n))
	}
	for _, s := range f.cfg.Sectors {
		add("/sectors/" + s.Slug)
		add("/sectors/" + s.Slug + "?page=2")
	}
	for _, secret := range f.secrets {
		for _, w := range strings.FieldsFunc(secret, func(r rune) bool { return r == '/' || r == ':' || r == '.' || r == ' ' }) {
			add("/search?q=" + url.QueryEscape(w))
		}
	}
	for _, w := range []string{"council merger", "merger", "council", `"council merger"`, "SECRETDRAFT", "draft", "queued", "rejected", "newswire"} {
		add("/search?q=" + url.QueryEscape(w))
	}

	link := regexp.MustCompile(`(?:href|src|action)="([^"]+)"|<(?:id|uri)>([^<]+)<`)
	seen := map[string]bool{}
	var queue []string
	for p := range paths {
		queue = append(queue, p)
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		for _, method := range []string{"GET", "HEAD"} {
			r := f.do(method, p)
			if r.status >= 500 {
				t.Errorf("%s %s = %d", method, p, r.status)
			}
			for _, secret := range f.secrets {
				if strings.Contains(r.body, secret) || strings.Contains(r.body, htmlEscape(secret)) {
					t.Errorf("%s %s shows %q", method, p, secret)
				}
			}
			if method == "GET" {
				for _, m := range link.FindAllStringSubmatch(r.body, -1) {
					target := m[1] + m[2]
					target = strings.ReplaceAll(target, "&amp;", "&")
					if lp := local(target); lp != "" && !seen[lp] {
						queue = append(queue, lp)
					}
				}
			}
		}
	}
	if len(seen) < 60 {
		t.Errorf("the crawl reached only %d addresses", len(seen))
	}
	// The draft exists and holds its story: the test hid something real.
	draft, err := f.bot.DraftEdition(context.Background())
	if err != nil || draft.StoryCount() != 1 || !strings.Contains(draft.Intro, "SECRETINTRO") {
		t.Fatalf("draft = %+v, %v", draft, err)
	}
}

func TestBadAddressesGetAPageSaying404Or400(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	for _, tc := range []struct {
		path   string
		status int
		says   string
	}{
		{"/editions/abc", 400, "is not an edition number"},
		{"/editions/-1", 400, "is not an edition number"},
		{"/editions/1.5", 400, "is not an edition number"},
		{"/editions/%201", 400, "is not an edition number"},
		{"/editions/+1", 400, "is not an edition number"},
		{"/editions/0", 404, "There is no edition 0. The latest is edition 3."},
		{"/editions/4", 404, "There is no edition 4. The latest is edition 3."},
		{"/editions/999999999", 404, "There is no edition 999999999."},
		{"/editions/99999999999999999999999999999999", 404, "There is no edition 99999999999999999999…"},
		{"/editions/99999999999999999999999999999999", 404, "There is no edition 99999999999999999999… The latest is edition 3."},
		{"/editions/" + strings.Repeat("9", 5000), 404, "There is no edition"},
		{"/editions?page=-1", 400, "is not a page number"},
		{"/editions?page=0", 400, "is not a page number"},
		{"/editions?page=abc", 400, "is not a page number"},
		{"/editions?page=1e3", 400, "is not a page number"},
		{"/editions?page=99999999999", 404, "There is no page 99999999999: there is only one page."},
		{"/editions?page=0099999999999", 404, "There is no page 99999999999: there is only one page."},
		{"/editions?page=00", 400, "is not a page number"},
		{"/editions?page=1&page=2", 400, "Give one page number"},
		{"/editions?page=2", 404, "There is no page 2: there is only one page."},
		{"/sectors/helth", 404, "There is no sector “helth”. Did you mean Health &amp; Social Care?"},
		{"/sectors/zzzzzzzz", 404, "There is no such sector."},
		{"/sectors/o", 404, "There is no sector “o”. Did you mean Private Sector Collaborations, International or Other collaborative items?"},
		{"/sectors/" + url.PathEscape("<script>"), 404, "There is no such sector."},
		{"/sectors/health?page=-1", 400, "is not a page number"},
		{"/sectors/health?page=9", 404, "There is no page 9"},
		{"/feed.atom?page=0", 400, "is not a page number"},
		{"/feed.atom?page=2", 404, "There is no page 2"},
		{"/nope", 404, "There is no page at this address."},
		{"/sectors", 404, "There is no page at this address."},
		{"/feed.atom/x", 404, "There is no page at this address."},
	} {
		r := f.get(tc.path)
		if r.status != tc.status || !strings.Contains(r.body, tc.says) {
			t.Errorf("GET %.60s = %d, want %d saying %q\n%.300s", tc.path, r.status, tc.status, tc.says, r.body)
			continue
		}
		if !strings.Contains(r.body, "<!DOCTYPE html>") || r.header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("GET %.60s: not an HTML page", tc.path)
		}
		if r.header.Get("Cache-Control") != "no-store" || r.header.Get("ETag") != "" {
			t.Errorf("GET %.60s: an error page may be cached: %v", tc.path, r.header)
		}
		if strings.Contains(r.body, "<script>") {
			t.Errorf("GET %.60s echoes markup", tc.path)
		}
	}
	// A number with leading zeros is edition 7's address, spelt oddly.
	if r := f.get("/editions/007"); r.status != 301 || r.header.Get("Location") != publicURL+"/editions/7" {
		t.Errorf("/editions/007 = %d → %s", r.status, r.header.Get("Location"))
	}
	// Other methods are refused; the archive is read-only.
	for _, p := range []string{"/", "/editions/1", "/search?q=x", "/feed.atom", "/nope"} {
		if r := f.do("POST", p); r.status != 405 {
			t.Errorf("POST %s = %d, want 405", p, r.status)
		}
	}
}

// TestAnEditionByItsDate: /editions/2026-10-08 is the edition published
// that day, as chat's `/shared edition 2026-10-08` is (a redirect to its
// number, not kept: numbers follow dates); a day without one is a 404
// naming and linking the nearest; a date that is no date is not an
// edition number.
func TestAnEditionByItsDate(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	if r := f.get("/editions/2026-10-08"); r.status != 302 || r.header.Get("Location") != publicURL+"/editions/2" ||
		r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("/editions/2026-10-08 = %d → %s (%s), want a 302 to edition 2", r.status, r.header.Get("Location"), r.header.Get("Cache-Control"))
	}
	// Dates as chat reads them (bot.ReadEditionDate), as `/shared edition
	// 8-10-2026` finds the edition: the same answer as the ISO address.
	for _, p := range []string{"/editions/2026-10-8", "/editions/8-10-2026", "/editions/8%20October%202026",
		"/editions/Thursday%208th%20October%202026", "/editions/08.10.26"} {
		if r := f.get(p); r.status != 302 || r.header.Get("Location") != publicURL+"/editions/2" || r.header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s = %d → %s, want a 302 to edition 2\n%.300s", p, r.status, r.header.Get("Location"), r.body)
		}
	}
	if r := f.get("/editions/2014-7-10"); r.status != 404 || !strings.Contains(r.body, "There is no edition dated Thursday 10 July 2014.") {
		t.Errorf("/editions/2014-7-10 = %d, want the 404 of 10 July 2014\n%.300s", r.status, r.body)
	}
	for _, tc := range []struct {
		path   string
		status int
		says   []string
	}{
		{"/editions/2026-10-09", 404, []string{"There is no edition dated Friday 9 October 2026. The nearest are:",
			`href="` + publicURL + `/editions/2"`, "Edition 2 (Thursday 8 October 2026)", `href="` + publicURL + `/editions/3"`}},
		{"/editions/2020-01-01", 404, []string{"The nearest is:", `href="` + publicURL + `/editions/1"`}},
		{"/editions/2026-13-01", 400, []string{"is not an edition number"}},
		{"/editions/2026-02-30", 400, []string{"“2026-02-30” is not a date: February 2026 has no day 30."}},
		// A date chat reads is read here too (below); a day the month
		// lacks is refused with its reason, and any other word says
		// that dates are taken.
		{"/editions/30-02-2026", 400, []string{"“30-02-2026” is not a date: February 2026 has no day 30."}},
		{"/editions/2026-13-01", 400, []string{"editions are numbered 1, 2, 3…, or found by their date, written as 2014-12-04."}},
		{"/editions/yesterday", 400, []string{"editions are numbered 1, 2, 3…, or found by their date, written as 2014-12-04."}},
	} {
		r := f.get(tc.path)
		if r.status != tc.status {
			t.Errorf("GET %s = %d, want %d\n%.300s", tc.path, r.status, tc.status, r.body)
			continue
		}
		for _, want := range tc.says {
			if !strings.Contains(r.body, want) {
				t.Errorf("GET %s does not say %q\n%s", tc.path, want, r.body)
			}
		}
	}
}

func TestEveryResponseCarriesTheSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	for _, p := range []string{"/", "/editions", "/editions/1", "/editions/x", "/sectors/health", "/search?q=merge", "/search?q=",
		"/feed.atom", "/style.css", "/nope"} {
		r := f.get(p)
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "style-src 'self' https://news.example.org", "form-action 'self' https://news.example.org",
			"frame-ancestors 'none'", "base-uri 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: Content-Security-Policy %q lacks %q", p, csp, want)
			}
		}
		if strings.Contains(csp, "script-src") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: Content-Security-Policy allows scripts: %q", p, csp)
		}
		if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", p, r.header)
		}
		if strings.Contains(r.body, "<script") || strings.Contains(r.body, " style=\"") || strings.Contains(r.body, "<style") {
			t.Errorf("%s: inline script or style, which the policy would block", p)
		}
	}
}

func TestAllTextIsEscaped(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	for _, p := range []string{"/", "/editions/3", "/sectors/local-government", "/search?q=friends", "/feed.atom",
		"/search?q=" + url.QueryEscape(`<script>alert(1)</script>`)} {
		r := f.get(p)
		if r.status != 200 {
			t.Fatalf("%s = %d", p, r.status)
		}
		for _, raw := range []string{"<script", "<img", "<b>markup", "javascript:", "\x1b", "\x07"} {
			if strings.Contains(r.body, raw) {
				t.Errorf("%s contains %q unescaped", p, raw)
			}
		}
	}
	r := f.get("/editions/3")
	for _, want := range []string{"&lt;script&gt;alert(&#34;headline&#34;)&lt;/script&gt; Councils &amp; &#34;friends&#34; merge",
		"Intro with &lt;b&gt;markup&lt;/b&gt; &amp; an ampersand."} {
		if !strings.Contains(r.body, want) {
			t.Errorf("/editions/3 lacks %s", want)
		}
	}
}

// TestEchoedInputIsValidUTF8: a page says it is UTF-8 (Content-Type and
// <meta charset>), so what it echoes of a bad address or form must be
// UTF-8 too, whatever bytes the request held (WHATWG Encoding: a page's
// invalid bytes are a decoding error; html/template passes them through).
func TestEchoedInputIsValidUTF8(t *testing.T) {
	f := newEmailFixture(t)
	check := func(what string, r response, status int) {
		t.Helper()
		if r.status != status || !utf8.ValidString(r.body) || !strings.Contains(r.body, "\uFFFD") {
			i := strings.IndexByte(r.body, 0xff)
			t.Errorf("%s = %d (want %d), valid UTF-8 %v: %q", what, r.status, status, utf8.ValidString(r.body), r.body[max(i-60, 0):min(i+20, len(r.body))])
		}
	}
	for _, p := range []string{"/editions/%ff", "/editions/1%ff", "/editions?page=%ff", "/editions?page=2%C3", "/feed.atom?page=%ff%fe",
		"/sectors/health?page=%ff"} {
		check("GET "+p, f.get(p), 400)
	}
	check("POST /subscribe", f.post("/subscribe", url.Values{"address": {"\xff\xfe@example"}}), 400)
}

// TestEchoedInputCannotTurnTheSentenceAround: an address or parameter
// with a bidirectional override in it (U+202E, invisible) is quoted in the
// 400 or 404 page's sentence with the override percent-encoded, as the
// address bar shows it (TestEchoedInputShowsItsInvisibleCharacters). As
// itself, the browser drew the rest of the site's sentence backwards
// ("”x1 si ton na noitide rebmun…").
func TestEchoedInputCannotTurnTheSentenceAround(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	for _, tc := range []struct {
		path, says string
		status     int
	}{
		{"/editions/%E2%80%AE1x", "“%E2%80%AE1x” is not an edition number", 400},
		{"/editions?page=%E2%80%AE2x", "“%E2%80%AE2x” is not a page number", 400},
		{"/editions?page=%E2%81%A7%E2%80%AB0", "“%E2%81%A7%E2%80%AB0” is not a page number", 400},
		{"/sectors/health?page=%E2%80%AD3x", "“%E2%80%AD3x” is not a page number", 400},
		{"/feed.atom?page=%E2%80%AE-1", "“%E2%80%AE-1” is not a page number", 400},
	} {
		r := f.get(tc.path)
		if r.status != tc.status || strings.ContainsAny(r.body, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") ||
			!strings.Contains(r.body, htmlEscape(tc.says)) {
			t.Errorf("GET %s = %d (want %d), want it saying %q with no bidirectional control:\n%+q", tc.path, r.status, tc.status, tc.says,
				r.body[min(strings.Index(r.body, "<main")+1, len(r.body)):min(strings.Index(r.body, "</main>")+1, len(r.body))])
		}
	}
}

// TestUndecodableParametersAreRefused: a parameter whose value cannot be
// decoded (a % not followed by two hex digits) is a bad parameter, which
// PRODUCT.md section 10 answers with a 400 page, not with the page the
// address would be without it (url.Values drops such a pair silently:
// ?page=%zz was page 1, ?q=50%off the empty search form).
func TestUndecodableParametersAreRefused(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	for _, tc := range []struct {
		path, says string
	}{
		{"/editions?page=%zz", "“page=%zz” cannot be read"},
		{"/editions?page=2%", "“page=2%” cannot be read"},
		{"/editions?page=2;x", "is not a page number"},
		{"/feed.atom?page=%2", "cannot be read"},
		{"/sectors/health?page=%G1", "cannot be read"},
		{"/search?q=50%off", "“q=50%off” cannot be read"},
		{"/search?q=%", "cannot be read"},
		{"/search?q=merger&q=%zz", "cannot be read"},
	} {
		r := f.get(tc.path)
		if r.status != 400 || !strings.Contains(r.body, htmlEscape(tc.says)) {
			t.Errorf("GET %s = %d, want 400 saying %q\n%.300s", tc.path, r.status, tc.says, r.body[min(strings.Index(r.body, "<main>")+1, len(r.body)):])
		}
	}
	// Parameters the page does not read are none of its business.
	for _, p := range []string{"/editions?utm_source=50%off", "/search?q=merger&ref=%zz", "/editions/1?x=%"} {
		if r := f.get(p); r.status != 200 {
			t.Errorf("GET %s = %d, want 200", p, r.status)
		}
	}
}

// TestPageNumbersAsTyped: a page number is its digits, and the spaces
// around them are no part of it. A query's "+" is a space, so
// "/editions?page=+1" (a number written with its sign) was refused as
// "“ 1” is not a page number", quoting a space nobody typed; it is page
// 1, as "page=%201" and "page=2+" are pages 1 and 2. Anything else is a
// 400 quoting what was given, without the spaces, and "page=" with
// nothing says so rather than quoting nothing.
func TestPageNumbersAsTyped(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	for i := range 2 * editionsPerPage {
		st := f.story(fmt.Sprintf("Weekly story %d", i), "housing", fmt.Sprintf("https://example.org/weekly/%d", i), "Summary.")
		f.publish(dateAfter("2025-01-02", 7*i), "", st)
	}
	for _, tc := range []struct {
		path   string
		status int
		says   string
	}{
		{"/editions?page=+1", 200, "Page 1 of 3"},
		{"/editions?page=%201", 200, "Page 1 of 3"},
		{"/editions?page=2+", 200, "Page 2 of 3"},
		{"/editions?page=++3++", 200, "Page 3 of 3"},
		{"/sectors/housing?page=+1", 200, "Weekly story"},
		{"/feed.atom?page=+2", 200, "<entry>"},
		{"/editions?page=", 400, "The address gives page= without a number: pages are numbered from 1."},
		{"/editions?page=+", 400, "The address gives page= without a number"},
		{"/editions?page=+-1", 400, "“-1” is not a page number: pages are numbered from 1."},
		{"/editions?page=+0", 400, "“0” is not a page number"},
		{"/editions?page=1+2", 400, "“1 2” is not a page number"},
		{"/editions?page=%2B1", 400, "“+1” is not a page number"}, // a plus sign written as one
		{"/editions?page=1e3", 400, "“1e3” is not a page number"},
		{"/editions?page=+4", 404, "There is no page 4: there are 3 pages."},
		{"/editions?page=+99999999999999999999", 404, "There is no page 99999999999999999999: there are 3 pages."},
	} {
		if r := f.get(tc.path); r.status != tc.status || !strings.Contains(r.body, tc.says) {
			t.Errorf("GET %s = %d, want %d saying %q\n%.300s", tc.path, r.status, tc.status, tc.says, r.body)
		}
	}
}
