package pagemeta

import (
	"bytes"
	"errors"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestExtract(t *testing.T) {
	page := mustURL(t, "https://news.example.org/articles/42?x=1")
	tests := []struct {
		name        string
		body        string
		contentType string
		want        Meta
	}{
		{
			name:        "opengraph wins over title and description",
			contentType: "text/html; charset=utf-8",
			body: `<!doctype html><html><head>
<title>Fallback title | Example</title>
<meta name="description" content="Fallback description">
<meta property="og:title" content="Councils share &amp; save: a new deal">
<meta property="og:description" content="Three councils   agree to
  share back-office services.">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="/articles/42">
<meta name="twitter:title" content="Twitter title">
</head><body><h1>x</h1></body></html>`,
			want: Meta{
				Title:       "Councils share & save: a new deal",
				Description: "Three councils agree to share back-office services.",
				SiteName:    "Example News",
				Canonical:   "https://news.example.org/articles/42",
			},
		},
		{
			name:        "plain title and meta description",
			contentType: "text/html",
			body: `<html><head><TITLE>  Shared   services
 in Kent </TITLE><META NAME="Description" CONTENT="A &lt;b&gt;bold&lt;/b&gt; move.">
<link rel="stylesheet" href="/s.css"><link rel="Canonical" href="https://news.example.org/a/42#top">
</head><body>text</body></html>`,
			want: Meta{
				Title:       "Shared services in Kent",
				Description: "A bold move.",
				Canonical:   "https://news.example.org/a/42#top",
			},
		},
		{
			name:        "twitter card is the second choice",
			contentType: "text/html",
			body: `<head><title>T</title><meta name="twitter:title" content="Tw title">
<meta property="twitter:description" content="Tw desc"><meta name="description" content="D"></head>`,
			want: Meta{Title: "Tw title", Description: "Tw desc"},
		},
		{
			name:        "blank og title falls back",
			contentType: "text/html",
			body:        `<head><meta property="og:title" content="  <b></b> "><title>Real</title></head>`,
			want:        Meta{Title: "Real"},
		},
		{
			name:        "no title at all",
			contentType: "text/html",
			body:        `<html><head></head><body><p>Just a paragraph.</p></body></html>`,
			want:        Meta{},
		},
		{
			name:        "empty body",
			contentType: "text/html",
			body:        ``,
			want:        Meta{},
		},
		{
			name:        "late title in body is still found",
			contentType: "text/html",
			body:        `<html><head><meta name="description" content="D"></head><body>` + strings.Repeat("<p>filler</p>", 2000) + `<title>Late</title></body>`,
			want:        Meta{Title: "Late", Description: "D"},
		},
		{
			name:        "svg title is a tooltip, not the page title",
			contentType: "text/html",
			body:        `<body><svg><title>Icon</title></svg><p>x</p><title>Page</title></body>`,
			want:        Meta{Title: "Page"},
		},
		{
			name:        "title inside script is not a title",
			contentType: "text/html",
			body:        `<head><script>document.write("<title>Fake</title>")</script><title>Real</title></head>`,
			want:        Meta{Title: "Real"},
		},
		{
			name:        "first title wins",
			contentType: "text/html",
			body:        `<head><title>One</title><title>Two</title></head>`,
			want:        Meta{Title: "One"},
		},
		{
			name:        "double-escaped entities and numeric references",
			contentType: "text/html",
			body:        `<head><title>Tom &amp;amp; Jerry &#8211; &#x2019;s &euro;5 &#150;</title></head>`,
			want:        Meta{Title: "Tom & Jerry – ’s €5 –"},
		},
		{
			name:        "control, bidi and zero-width characters dropped",
			contentType: "text/html",
			body:        "<head><title>A\x01B\u202eC\u200bD\u00a0E\uFEFF\u2028F</title></head>",
			want:        Meta{Title: "ABCD E F"},
		},
		{
			name:        "escaped markup cannot leave a tag behind",
			contentType: "text/html",
			body:        `<head><title>&lt;&lt;script&gt;script&gt;alert(1)&lt;/script&gt; x &lt; y &lt;!-- c --&gt;z</title></head>`,
			want:        Meta{Title: "< script>alert(1) x < y z"},
		},
		{
			name:        "canonical must be http or https",
			contentType: "text/html",
			body:        `<head><meta property="og:url" content="javascript:alert(1)"><link rel="canonical" href="ftp://x/y"></head>`,
			want:        Meta{},
		},
		{
			name:        "canonical drops credentials and honours base",
			contentType: "text/html",
			body:        `<head><base href="https://cdn.example.net/dir/"><link rel="canonical alternate" href="https://u:p@news.example.org/a"><title>t</title></head>`,
			want:        Meta{Title: "t", Canonical: "https://news.example.org/a"},
		},
		{
			name:        "relative canonical with base",
			contentType: "text/html",
			body:        `<head><base href="/other/"><link rel=canonical href="page.html"></head>`,
			want:        Meta{Canonical: "https://news.example.org/other/page.html"},
		},
		{
			name:        "application-name as site name",
			contentType: "application/xhtml+xml",
			body:        `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><meta name="application-name" content="GOV.UK"/><title>X</title></head></html>`,
			want:        Meta{Title: "X", SiteName: "GOV.UK"},
		},
		{
			name:        "no content type, sniffed as text",
			contentType: "",
			body:        `<meta charset="utf-8"><title>No header</title>`,
			want:        Meta{Title: "No header"},
		},
		{
			name:        "og tags after a tracking pixel in the head",
			contentType: "text/html",
			body: `<html><head><meta charset="utf-8"><title>Councils merge | Site</title>
<img height="1" width="1" style="display:none" src="https://www.facebook.com/tr?id=1&amp;ev=PageView&amp;noscript=1"/>
<div id="fb-root"></div><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-X"></iframe>
<meta property="og:title" content="Councils merge"><meta property="og:description" content="Two councils share one team.">
<meta property="og:site_name" content="Site"></head><body><p>x</p></body></html>`,
			want: Meta{Title: "Councils merge", Description: "Two councils share one team.", SiteName: "Site"},
		},
		{
			name:        "meta in body before any title",
			contentType: "text/html",
			body:        `<html><body><div><meta property="og:title" content="Body OG"></div></body></html>`,
			want:        Meta{Title: "Body OG"},
		},
		{
			name:        "no title: the first h1 is the headline",
			contentType: "text/html",
			body: `<html><head><meta name="description" content="D"></head><body><header><a href="/">Home</a></header>
<h1 class="title"><span>Two councils</span> share a <em>chief</em> executive<br>from May</h1><h1>Second</h1></body></html>`,
			want: Meta{Title: "Two councils share a chief executive from May", Description: "D"},
		},
		{
			name:        "a title after the h1 still wins",
			contentType: "text/html",
			body:        `<body><h1>Heading</h1><p>x</p><title>Real title</title></body>`,
			want:        Meta{Title: "Real title"},
		},
		{
			name:        "og:title wins over h1",
			contentType: "text/html",
			body:        `<head><meta property="og:title" content="OG"></head><body><h1>Heading</h1></body>`,
			want:        Meta{Title: "OG"},
		},
		{
			name:        "h1 without text, scripts and icons skipped",
			contentType: "text/html",
			body:        `<body><h1><svg><title>Logo</title></svg><img alt="Logo"></h1><h1><script>var x = "<b>";</script>Real <style>b{}</style>heading</h1></body>`,
			want:        Meta{Title: "Real heading"},
		},
		{
			name:        "an h1 left open ends at the next heading",
			contentType: "text/html",
			body:        `<body><h1>Open heading<h2>Sub</h2><p>text</p></body>`,
			want:        Meta{Title: "Open heading"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Extract([]byte(tc.body), tc.contentType, page)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if got != tc.want {
				t.Errorf("Extract =\n %#v\nwant\n %#v", got, tc.want)
			}
		})
	}
}

func TestExtractCharsets(t *testing.T) {
	sjis, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte("日本語のニュース"))
	if err != nil {
		t.Fatal(err)
	}
	utf16le := []byte{0xFF, 0xFE}
	for _, r := range "<title>Grüße</title>" {
		utf16le = append(utf16le, byte(r), byte(r>>8))
	}
	tests := []struct {
		name        string
		contentType string
		body        []byte
		want        string
	}{
		{"iso-8859-1 by header", "text/html; charset=ISO-8859-1", []byte("<title>Caf\xe9 cr\xe8me \xbd price</title>"), "Café crème ½ price"},
		{"windows-1252 by meta charset", "text/html", []byte("<meta charset=\"windows-1252\"><title>\x93Quoted\x94 \x80 5 \x96 now</title>"), "“Quoted” € 5 – now"},
		{"windows-1252 by http-equiv", "text/html", []byte("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><title>na\xefve</title>"), "naïve"},
		{"header says utf-8, bytes are latin-1", "text/html; charset=utf-8", []byte("<title>Caf\xe9 \xabnews\xbb</title>"), "Café «news»"},
		{"meta says utf-8, bytes are latin-1", "text/html", []byte("<meta charset=utf-8><title>Se\xf1or</title>"), "Señor"},
		{"utf-8 with one latin-1 byte", "text/html; charset=utf-8", []byte("<title>Zürich caf\xe9</title>"), "Zürich café"},
		{"header says latin-1, bytes are utf-8", "text/html; charset=iso-8859-1", []byte("<title>Zürich – Genève</title>"), "Zürich – Genève"},
		{"sniffed utf-8, no declaration", "text/html", []byte("<title>Ελληνικά</title>"), "Ελληνικά"},
		{"sniffed latin-1, no declaration", "text/html", []byte("<title>\xc9t\xe9</title>"), "Été"},
		{"shift_jis by meta", "text/html", append(append([]byte(`<meta charset="shift_jis"><title>`), sjis...), "</title>"...), "日本語のニュース"},
		{"meta charset after the first 1024 bytes", "text/html", append(append([]byte(`<head><style>`+strings.Repeat("p{}", 600)+`</style><meta charset="shift_jis"><title>`), sjis...), "</title>"...), "日本語のニュース"},
		{"header utf-8 lies, meta knows", "text/html; charset=utf-8", append(append([]byte(`<meta charset="shift_jis"><title>`), sjis...), "</title>"...), "日本語のニュース"},
		{"utf-8 bom", "text/html", []byte("\xef\xbb\xbf<title>Bom \xe2\x9c\x93</title>"), "Bom ✓"},
		{"utf-16le bom", "text/html", utf16le, "Grüße"},
		{"utf-16 header on ascii body is ignored", "text/html; charset=utf-16", []byte("<title>Plain</title>"), "Plain"},
		{"unknown charset label", "text/html; charset=x-klingon", []byte("<title>Qapla\xe9</title>"), "Qaplaé"},
		{"replacement encoding label", "text/html; charset=iso-2022-kr", []byte("<title>Hello</title>"), "Hello"},
		{"broken content type parameters", "text/html; charset", []byte("<title>Ok</title>"), "Ok"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Extract(tc.body, tc.contentType, nil)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if got.Title != tc.want {
				t.Errorf("Title = %q, want %q", got.Title, tc.want)
			}
			if strings.ContainsRune(got.Title, utf8.RuneError) {
				t.Errorf("Title %q contains U+FFFD", got.Title)
			}
		})
	}
}

func TestExtractNotHTML(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	pdf := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
	tests := []struct {
		name, contentType string
		body              []byte
		wantReason        string
	}{
		{"png by type", "image/png", png, "the link is to an image, not a web page"},
		{"pdf by type", "application/pdf", pdf, "the link is to a PDF document, not a web page"},
		{"json", "application/json; charset=utf-8", []byte(`{"a":1}`), "the link is to a file of type application/json, not a web page"},
		{"plain text", "text/plain", []byte("hello"), "the link is to plain text, not a web page"},
		{"png mislabelled as html", "text/html", png, "the link is to an image, not a web page"},
		{"pdf with no type", "", pdf, "the link is to a PDF document, not a web page"},
		{"binary junk labelled html", "text/html", []byte("\x00\x01\x02\x03\x04binary\x00\x00"), "the link is to a file of type application/octet-stream, not a web page"},
		{"hostile type is sanitised", "x/<!channel>;a=b", []byte("<title>x</title>"), "the link is to a file of type x/channel, not a web page"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Extract(tc.body, tc.contentType, nil)
			if !errors.Is(err, ErrNotHTML) {
				t.Fatalf("err = %v, want ErrNotHTML", err)
			}
			var fe *FetchError
			if !errors.As(err, &fe) {
				t.Fatalf("err %T is not a *FetchError", err)
			}
			if fe.Reason != tc.wantReason {
				t.Errorf("Reason = %q, want %q", fe.Reason, tc.wantReason)
			}
		})
	}

	// A stray control byte near the top of a page is not enough to call it binary.
	if _, err := Extract([]byte("\x1aHello <title>T</title>"), "text/html", nil); err != nil {
		t.Errorf("page with one stray control byte refused: %v", err)
	}
}

func TestExtractHugeTitle(t *testing.T) {
	// Not parallel: it counts the process's allocations.
	// 10 MB of words inside <title>, then a 2 MB description: quick and capped.
	size := 10 << 20
	if raceEnabled {
		// The race detector instruments every byte the tokenizer reads and
		// makes this one test take most of the package's time budget;
		// Extract has no concurrency for it to check, so a smaller page
		// (still far over any fetch limit) does.
		size = 3 << 20
	}
	words := "shared services collaboration "
	var b bytes.Buffer
	b.WriteString("<html><head><title>")
	b.Write(bytes.Repeat([]byte(words), size/len(words)))
	b.WriteString("</title><meta name=description content=\"")
	b.Write(bytes.Repeat([]byte("x"), 2<<20))
	b.WriteString("\"></head><body></body></html>")

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	m, err := Extract(b.Bytes(), "text/html", nil)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if n := utf8.RuneCountInString(m.Title); n > MaxTitleRunes || n < MaxTitleRunes-40 {
		t.Errorf("title is %d runes, want close to but at most %d", n, MaxTitleRunes)
	}
	if !strings.HasSuffix(m.Title, "…") || strings.HasSuffix(m.Title, " …") {
		t.Errorf("title %q does not end in a word and …", m.Title[len(m.Title)-20:])
	}
	if n := utf8.RuneCountInString(m.Description); n != MaxDescriptionRunes {
		t.Errorf("description is %d runes, want %d (one long word, hard cut)", n, MaxDescriptionRunes)
	}
	// Linear work, not a timing (which a loaded machine cannot promise):
	// the tokenizer holds one text token at a time, so Extract allocates
	// a small multiple of the page, however long its title runs (work
	// that grew with the square of the title would allocate gigabytes).
	allocated := after.TotalAlloc - before.TotalAlloc
	if allocated > 4*uint64(b.Len()) {
		t.Errorf("Extract of a %d MB page allocated %d MB", b.Len()>>20, allocated>>20)
	}
	t.Logf("%d MB page extracted, %d KB allocated", b.Len()>>20, allocated>>10)
}

func TestExtractHeadDone(t *testing.T) {
	tests := []struct {
		body string
		want bool
	}{
		{`<html><head><title>x</title></head>`, true},
		{`<title>x</title><p>body`, true},
		{`<html><head><title>x</title><script>` + strings.Repeat("a", 5000), false},
		{`<html><head><meta name=x content=y>`, false},
	}
	for _, tc := range tests {
		_, done, err := extract([]byte(tc.body), "text/html", nil)
		if err != nil {
			t.Fatal(err)
		}
		if done != tc.want {
			t.Errorf("headDone(%.40q) = %v, want %v", tc.body, done, tc.want)
		}
	}
}
