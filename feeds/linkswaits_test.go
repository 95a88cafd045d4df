package feeds

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestRelativePermalinkGUIDs: an RSS item with no <link> whose <guid> is
// a permalink written relative to the feed (isPermaLink "true", or left
// out and the GUID a path) is a story linked to that page, resolved
// against the feed's address after its redirects, as a relative <link>
// is. A GUID that says it is no permalink, and a bare number or word
// that says nothing (an ID, not a page: resolved, it would be a page
// that does not exist), are still left out, and counted so.
func TestRelativePermalinkGUIDs(t *testing.T) {
	fs := newFeedServer(t)
	item := func(title, guid string) string {
		return `<item><title>` + title + `</title>` + guid + `<pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate></item>`
	}
	// No channel <link>: relative links resolve against the feed's own
	// address, the one it was found at.
	fs.serveBody("/news/rss/feed.xml", []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Council news</title>`+
		item("Council tax frozen for 2027", `<guid>/news/2027/council-tax</guid>`)+
		item("Roads budget agreed", `<guid isPermaLink="true">2027/roads-budget</guid>`)+
		item("Library hours extended", `<guid isPermaLink="true"> ../libraries/hours </guid>`)+
		item("Not a permalink", `<guid isPermaLink="false">/news/2027/not-a-page</guid>`)+
		item("A bare ID", `<guid>48213</guid>`)+
		`</channel></rss>`))
	fs.redirectFrom("/rss", "/news/rss/", "/news/rss/feed.xml", http.StatusFound)
	st := storetest.Open(t, "")
	results, err := newPoller(t, st, feedsConfig(src(fs.URL+"/rss"))).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range allStories(t, st) {
		got[s.Headline] = s.URL
	}
	want := map[string]string{
		"Council tax frozen for 2027": fs.URL + "/news/2027/council-tax",
		"Roads budget agreed":         fs.URL + "/news/rss/2027/roads-budget",
		"Library hours extended":      fs.URL + "/news/libraries/hours",
	}
	for headline, link := range want {
		if got[headline] != link {
			t.Errorf("%q: link %q, want %q", headline, got[headline], link)
		}
	}
	if len(got) != len(want) {
		t.Errorf("stories %v, want only %v", got, want)
	}
	if r := results[0]; r.LeftOut.NoLink != 2 {
		t.Errorf("%d entries left out without a web link, want 2 (%+v)", r.LeftOut.NoLink, r)
	}
}

// TestAtomLinkWithoutAnAlternate: an Atom entry with no alternate link
// is linked to the page it is related to (rel="related"), or to an
// enclosure that is a web page, before its own Atom document, its ID or
// an enclosure that is media; media (an MP3, a PDF) only when it has
// nothing else, as TestEnclosureOnlyEntries keeps a podcast's episode.
func TestAtomLinkWithoutAnAlternate(t *testing.T) {
	const title, page = "Councils agree a shared chief executive", "https://www.council.example/news/1"
	atom := func(id, links string) []byte {
		return []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>` + title + `</title><id>` + id + `</id>` + links +
			`<updated>2024-03-05T09:30:00Z</updated></entry></feed>`)
	}
	cases := []feedCase{
		{name: "enclosure-then-related", body: atom("urn:uuid:1", `<link rel="enclosure" type="audio/mpeg" href="https://media.council.example/1.mp3"/><link rel="related" href="`+page+`"/>`)},
		{name: "pdf-then-related", body: atom("urn:uuid:1", `<link rel="enclosure" type="application/pdf" href="https://www.council.example/news/1.pdf"/><link rel="related" type="text/html" href="`+page+`"/>`)},
		{name: "related-before-a-web-id", body: atom("https://www.council.example/entries/1", `<link rel="related" href="`+page+`"/>`)},
		{name: "related-before-self", body: atom("urn:uuid:1", `<link rel="self" href="https://www.council.example/entries/1.atom"/><link rel="related" href="`+page+`"/>`)},
		{name: "html-enclosure-before-mp3", body: atom("urn:uuid:1", `<link rel="enclosure" type="audio/mpeg" href="https://media.council.example/1.mp3"/><link rel="enclosure" type="text/html" href="`+page+`"/>`)},
		{name: "untyped-link-before-related", body: atom("urn:uuid:1", `<link rel="related" href="https://www.other.example/story"/><link href="`+page+`"/>`)},
	}
	got := pollCases(t, cases)
	for _, c := range cases {
		if s := got[c.name]; len(s) != 1 || s[0].URL != page {
			t.Errorf("%s: %+v, want one story linking to %s", c.name, s, page)
		}
	}
}

// charsetSentences are headlines in the scripts of the charsets browsers
// know (golang.org/x/net/html/charset, the WHATWG Encoding Standard), each
// with letters outside ASCII; a charset is tried with every one it can
// write and read back as it was.
var charsetSentences = []string{
	"Café owner wins the council’s award",                  // Western European
	"Łódź and Kraków share a library service",              // Polish
	"Dvořák Street car park reopens",                       // Czech
	"Consiliul Județean Brașov împarte serviciile",         // Romanian
	"Il-Kunsill ta' Għawdex jaqsam is-servizzi",            // Maltese
	"Þórshöfn og Reykjavík deila þjónustu",                 // Icelandic
	"Vilniaus ir Kauno savivaldybės dalijasi paslaugomis",  // Lithuanian
	"Rīgas un Jūrmalas domes apvieno pakalpojumus",         // Latvian
	"Ŵyl Gŵyr: Cyngor Abertawe yn rhannu gwasanaethau",     // Welsh
	"İstanbul ve İzmir belediyeleri hizmetleri paylaşıyor", // Turkish
	"Два совета объединяют службы",                         // Russian
	"Рада Києва та Львова об’єднує послуги в Італії",       // Ukrainian
	"Δύο δήμοι μοιράζονται υπηρεσίες",                      // Greek
	"שתי מועצות חולקות שירותים",                            // Hebrew
	"مجلسان يتقاسمان الخدمات",                              // Arabic
	"เทศบาลเมืองเชียงใหม่เปิดศูนย์บริการร่วมกับเขตเทศบาลลำพูน", // Thai
	"Đăk Lăk và Đơn Dương", // Vietnamese
	"两个议会共享服务",             // Chinese, simplified
	"兩個議會共享服務",             // Chinese, traditional
	"二つの議会がサービスを共有する",      // Japanese
	"두 의회가 서비스를 공유합니다",     // Korean
}

// charsetLabels are the labels of the single-byte and multi-byte
// charsets of the WHATWG Encoding Standard, which
// golang.org/x/net/html/charset knows (UTF-8 and UTF-16, which feeds'
// own bytes tell, are tried in TestCharsetsCouncilsSend).
var charsetLabels = []string{
	"866", "cp866", "csibm866", "ibm866",
	"csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2", "iso_8859-2:1987", "l2", "latin2",
	"csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3", "iso_8859-3:1988", "l3", "latin3",
	"csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4", "iso_8859-4:1988", "l4", "latin4",
	"csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595", "iso_8859-5", "iso_8859-5:1988",
	"arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114", "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i",
	"iso-ir-127", "iso8859-6", "iso88596", "iso_8859-6", "iso_8859-6:1987",
	"csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7", "iso-ir-126", "iso8859-7", "iso88597", "iso_8859-7",
	"iso_8859-7:1987", "sun_eu_greek",
	"csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138", "iso8859-8", "iso88598", "iso_8859-8",
	"iso_8859-8:1988", "visual", "csiso88598i", "iso-8859-8-i", "logical",
	"csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6",
	"iso-8859-13", "iso8859-13", "iso885913", "iso-8859-14", "iso8859-14", "iso885914",
	"csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9", "iso-8859-16",
	"cskoi8r", "koi", "koi8", "koi8-r", "koi8_r", "koi8-ru", "koi8-u",
	"csmacintosh", "mac", "macintosh", "x-mac-roman",
	"dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874",
	"cp1250", "windows-1250", "x-cp1250", "cp1251", "windows-1251", "x-cp1251",
	"ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1", "iso88591",
	"iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252",
	"cp1253", "windows-1253", "x-cp1253",
	"cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9", "iso_8859-9:1989", "l5", "latin5",
	"windows-1254", "x-cp1254",
	"cp1255", "windows-1255", "x-cp1255", "cp1256", "windows-1256", "x-cp1256", "cp1257", "windows-1257", "x-cp1257",
	"cp1258", "windows-1258", "x-cp1258", "x-mac-cyrillic", "x-mac-ukrainian",
	// And the multi-byte ones.
	"chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58", "x-gbk", "gb18030",
	"big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5",
	"cseucpkdfmtjapanese", "euc-jp", "x-euc-jp", "csiso2022jp", "iso-2022-jp",
	"csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis",
	"cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949",
}

// TestEveryCharsetUnderItsDeclaredLabel serves, for every label of a
// charset that golang.org/x/net/html/charset knows, a feed written in
// that charset and named only in its XML declaration (no charset in the
// Content-Type), one item for each sentence the charset can write, and
// reads the headlines stored: each must be the sentence. Every
// single-byte one held, Thai's windows-874 under its six labels too;
// ISO-2022-JP, whose 7-bit bytes are valid UTF-8, did not.
func TestEveryCharsetUnderItsDeclaredLabel(t *testing.T) {
	fs := newFeedServer(t)
	type want struct{ label, headline string }
	wants := map[string]want{} // by link
	var sources []config.FeedSource
	for li, label := range charsetLabels {
		enc, name := charset.Lookup(label)
		if enc == nil {
			t.Fatalf("%s: not a label charset knows", label)
		}
		var items strings.Builder
		n := 0
		for si, sentence := range charsetSentences {
			written, err := enc.NewEncoder().String(sentence)
			if err != nil {
				continue // not in this charset's repertoire
			}
			if back, err := enc.NewDecoder().String(written); err != nil || back != sentence {
				continue // not written back as it was (windows-1258 composes differently)
			}
			link := fmt.Sprintf("https://www.council.example/%d/%d", li, si)
			wants[link] = want{label, sentence}
			fmt.Fprintf(&items, `<item><title>%s</title><link>%s</link><guid isPermaLink="false">%d-%d</guid></item>`, written, link, li, si)
			n++
		}
		if n == 0 {
			t.Errorf("%s (%s): no sentence it can write", label, name)
			continue
		}
		body := []byte(`<?xml version="1.0" encoding="` + label + `"?>` + "\n<rss version=\"2.0\"><channel><title>Council news</title>" + items.String() + "</channel></rss>\n")
		sources = append(sources, src(fs.serveTyped(fmt.Sprintf("/%d.xml", li), body, "application/xml")))
	}
	cfg := feedsConfig(sources...)
	cfg.Concurrency = 8
	st := storetest.Open(t, "")
	results, err := newPoller(t, st, cfg).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Status != StatusFetched {
			t.Errorf("%s: %s (%s)", r.Source.URL, r.Status, r.Reason)
		}
	}
	stored := map[string]string{}
	for _, s := range allStories(t, st) {
		stored[s.URL] = s.Headline
	}
	for _, r := range results {
		for _, h := range r.HeldBack {
			stored[h.Entry.URL] = h.Entry.Headline
		}
	}
	wrong := map[string][]string{}
	for link, w := range wants {
		if got, ok := stored[link]; !ok || got != w.headline {
			wrong[w.label] = append(wrong[w.label], fmt.Sprintf("%q, want %q", got, w.headline))
		}
	}
	for _, label := range charsetLabels {
		for _, w := range wrong[label] {
			t.Errorf("%s: %s", label, w)
		}
	}
	t.Logf("%d labels, %d headlines, %d labels read wrong", len(charsetLabels), len(wants), len(wrong))
}

// TestAParkedFetchIsNotTimedOutByTheFetchInItsPlace: a fetch that gave
// its place to the next feed while its server was slow to answer, and
// whose body then came quickly and large, waits for a place again before
// it reads on (parkedBodyBytes); that wait, while a slow host's fetch
// holds the place within its own feeds.timeout, is not the parked
// fetch's: its timeout runs while its request does, not while it waits
// its turn. Before, the parked feed failed "timed out after 4s" though
// its server had sent all of it in 1.25s, and so would every parked
// feed behind a slow one.
func TestAParkedFetchIsNotTimedOutByTheFetchInItsPlace(t *testing.T) {
	const timeout = 4 * time.Second
	padding := func(n int) string { return "<!-- " + strings.Repeat("padding ", n/8) + "-->" }
	story := func(path string) string {
		return fmt.Sprintf(`<item><title>Story at %s</title><link>https://news.example.org%s</link></item>`, path, path)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		switch r.URL.Path {
		case "/parked.xml":
			// Slow to answer (it parks), then 2 MiB at once.
			time.Sleep(timeout/4 + 250*time.Millisecond)
			w.Write(rssOf(padding(2<<20) + story(r.URL.Path)))
		case "/slow-host.xml":
			// 1.1 MiB at once (past parkedBodyBytes: it keeps its place),
			// then the rest a little at a time for 3.3s: past the parked
			// fetch's timeout, within its own.
			body := rssOf(padding(parkedBodyBytes+parkedBodyBytes/10) + story(r.URL.Path))
			head, rest := body[:parkedBodyBytes+parkedBodyBytes/20], body[parkedBodyBytes+parkedBodyBytes/20:]
			w.Write(head)
			w.(http.Flusher).Flush()
			for i := range 33 {
				time.Sleep(100 * time.Millisecond)
				w.Write(rest[i*len(rest)/33 : (i+1)*len(rest)/33])
				w.(http.Flusher).Flush()
			}
		default:
			w.Write(rssOf(story(r.URL.Path)))
		}
	}))
	t.Cleanup(srv.Close)
	cfg := feedsConfig(src(srv.URL+"/parked.xml"), src(srv.URL+"/slow-host.xml"), src(srv.URL+"/behind.xml"))
	cfg.Concurrency, cfg.Timeout.Duration = 1, timeout
	st := storetest.Open(t, "")
	start := time.Now()
	results, err := newPoller(t, st, cfg).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		t.Logf("%s: %s, %d new, took %s (%s)", r.Source.Name, r.Status, r.New, r.Took.Round(time.Millisecond), r.Reason)
		if r.Status != StatusFetched || r.New != 1 {
			t.Errorf("%s: %s, %d new (%s), want its story", r.Source.Name, r.Status, r.New, r.Reason)
		}
	}
	t.Logf("the poll took %s", time.Since(start).Round(time.Millisecond))
}

// TestLinksInCDATAWithWhiteSpace: an RSS item's <link> in CDATA with
// white space and line breaks around the address, inside the CDATA or
// beside it, or breaking the address over lines, as templates write it,
// is that address. This held; it fails (three of the four) when links
// are only trimmed of spaces, without withoutTabsAndNewlines.
func TestLinksInCDATAWithWhiteSpace(t *testing.T) {
	const page = "https://www.council.example/news/2027/budget?id=12&page=2"
	for name, link := range map[string]string{
		"inside":            "<link><![CDATA[\n\t   " + page + "   \n]]></link>",
		"outside":           "<link>\n   <![CDATA[" + page + "]]>\n  </link>",
		"both":              "<link>\r\n <![CDATA[ \r\n" + page + "\r\n ]]> \r\n</link>",
		"broken over lines": "<link><![CDATA[\n  https://www.council.example/news/\n    2027/budget?id=12&page=2\n]]></link>",
	} {
		t.Run(name, func(t *testing.T) {
			s := oneStory(t, "/feed.xml", rssWith("UTF-8", `<item><title>Budget agreed</title>`+link+`</item>`), "application/rss+xml")
			if s.URL != page {
				t.Errorf("link %q, want %q", s.URL, page)
			}
		})
	}
}

// TestGzipInsideGzip serves a feed compressed twice: said twice in its
// Content-Encoding, in one header or two, or said once (a CDN's gzip over
// an origin's own, which the CDN does not declare). Each is read, as
// browsers and curl read a coding said twice; and codings in two header
// lines are one list (RFC 9110 section 5.3), not the first line alone.
func TestGzipInsideGzip(t *testing.T) {
	feed := rssOf(`<item><title>Council tax frozen</title><link>https://www.council.example/news/1</link></item>`)
	twice := compressed(t, "gzip", compressed(t, "gzip", feed))
	for _, c := range []struct {
		name     string
		encoding []string
		body     []byte
	}{
		{"gzip, gzip", []string{"gzip, gzip"}, twice},
		{"two headers", []string{"gzip", "gzip"}, twice},
		{"said once", []string{"gzip"}, twice},
		{"x-gzip, gzip", []string{"x-gzip, gzip"}, twice},
		{"deflate then gzip, in two headers", []string{"deflate", "gzip"}, compressed(t, "gzip", compressed(t, "zlib", feed))},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/rss+xml")
				w.Header()["Content-Encoding"] = c.encoding
				w.Write(c.body)
			}))
			t.Cleanup(srv.Close)
			st := storetest.Open(t, "")
			results, err := newPoller(t, st, feedsConfig(src(srv.URL+"/feed.xml"))).PollOnce(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if r := results[0]; r.Status != StatusFetched || r.New != 1 {
				t.Errorf("%s, %d new (%s)", r.Status, r.New, r.Reason)
			}
		})
	}
}

// TestRedirectLoopBetweenTwoFeeds: two feed addresses that redirect to
// each other (301) fail with a reason that says so, in what /shared feeds
// shows, after a handful of requests, and the feed backs off rather than
// being asked again at once.
func TestRedirectLoopBetweenTwoFeeds(t *testing.T) {
	var (
		mu   sync.Mutex
		hits int
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		to := "/news/feed.xml"
		if r.URL.Path == to {
			to = "/rss.xml"
		}
		http.Redirect(w, r, to, http.StatusMovedPermanently)
	}))
	t.Cleanup(srv.Close)
	st := storetest.Open(t, "")
	ctx := context.Background()
	p := newPoller(t, st, feedsConfig(src(srv.URL+"/rss.xml")))
	results, err := p.PollOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := results[0]
	health, err := st.FeedHealths(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h := health[srv.URL+"/rss.xml"]
	mu.Lock()
	defer mu.Unlock()
	t.Logf("%s (%s); /shared feeds: %q, next poll in %s; %d requests", r.Status, r.Reason, h.LastError, time.Until(h.NextPollAt).Round(time.Second), hits)
	if r.Status != StatusFailed || !strings.Contains(h.LastError, "loop") || !strings.Contains(h.LastError, "/news/feed.xml") {
		t.Errorf("/shared feeds says %q, want the loop and where it goes", h.LastError)
	}
	if hits > 3 {
		t.Errorf("%d requests, want the loop seen when it comes round (2 or 3)", hits)
	}
	if time.Until(h.NextPollAt) < time.Minute {
		t.Errorf("next poll at %s: asked again at once", h.NextPollAt)
	}
}

// TestFeedsWaitingTheirTurnAreNotTimedOut: feeds of one slow host (each
// answering in 70% of feeds.timeout), more than are fetched at once and
// parked together, each wait their turn outside their timeout: every one
// is read, though the last starts after several timeouts have passed. A
// fetch's timeout starts when its poll does, with its place. This held;
// a timeout started when PollOnce does fails 10 of the 12.
func TestFeedsWaitingTheirTurnAreNotTimedOut(t *testing.T) {
	const timeout, feeds = time.Second, 12
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(7 * timeout / 10)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>Slow</title><item><title>Story at %s</title><link>https://news.example.org%s</link></item></channel></rss>`, r.URL.Path, r.URL.Path)
	}))
	t.Cleanup(srv.Close)
	var sources []config.FeedSource
	for i := range feeds {
		sources = append(sources, src(fmt.Sprintf("%s/slow-%d.xml", srv.URL, i)))
	}
	cfg := feedsConfig(sources...)
	cfg.Concurrency, cfg.Timeout.Duration = 1, timeout
	start := time.Now()
	results, err := newPoller(t, storetest.Open(t, ""), cfg).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	for _, r := range results {
		if r.Status != StatusFetched || r.New != 1 {
			t.Errorf("%s: %s, %d new (%s)", r.Source.Name, r.Status, r.New, r.Reason)
		}
	}
	if took < 2*timeout {
		t.Errorf("the poll took %s: the last feeds did not wait past a timeout, and the test shows nothing", took.Round(time.Millisecond))
	}
	t.Logf("%d feeds, one place and %d parked, read in %s", feeds, parkedPerPlace, took.Round(time.Millisecond))
}
