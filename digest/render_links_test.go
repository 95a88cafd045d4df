package digest

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestLinkedLine: a web address written in a line of text is a link to
// itself in the HTML edition, the sentence's punctuation around it left
// out, everything else escaped; what is not an http or https address with
// a host stays text.
func TestLinkedLine(t *testing.T) {
	for in, want := range map[string]string{
		"no address here":                                 "no address here",
		"sign up at https://x.example/subscribe.":         `sign up at <a href="https://x.example/subscribe">https://x.example/subscribe</a>.`,
		"(see http://x.example/a_(b)), then":              `(see <a href="http://x.example/a_(b)">http://x.example/a_(b)</a>), then`,
		"“https://x.example/q?a=1&b=<2>” said":            `“<a href="https://x.example/q?a=1&amp;b=">https://x.example/q?a=1&amp;b=</a>&lt;2&gt;” said`,
		"two: https://a.example and HTTPS://B.EXAMPLE/X!": `two: <a href="https://a.example">https://a.example</a> and <a href="HTTPS://B.EXAMPLE/X">HTTPS://B.EXAMPLE/X</a>!`,
		"not a link: http:// nor javascript:alert(1)":     "not a link: http:// nor javascript:alert(1)",
		`a "quoted" <b>tag</b> & ampersand`:               "a &#34;quoted&#34; &lt;b&gt;tag&lt;/b&gt; &amp; ampersand",
		"https://x.example/\"onmouseover=alert(1)":        `<a href="https://x.example/">https://x.example/</a>&#34;onmouseover=alert(1)`,
	} {
		if got := string(linkedLine(in)); got != want {
			t.Errorf("linkedLine(%q)\n got %s\nwant %s", in, got, want)
		}
	}
	// Every line, however made, comes out with as many tags opened as
	// closed and no raw quote or bracket outside them.
	for _, in := range []string{"http://", "https://<", "http://\"", "https://a.example\x00b", strings.Repeat("https://a.example ", 50)} {
		got := string(linkedLine(in))
		if strings.Count(got, "<a ") != strings.Count(got, "</a>") {
			t.Errorf("linkedLine(%q) = %s: unbalanced", in, got)
		}
	}
}

// FuzzLinkedLine: whatever the line, the HTML reads back as the line (its
// links' tags taken out and the rest unescaped), and each link is to the
// text it shows.
func FuzzLinkedLine(f *testing.F) {
	for _, seed := range []string{"sign up at https://x.example/subscribe.", "(see http://x.example/a_(b)), then",
		"“https://x.example/q?a=1&b=<2>” said", "http://", `https://x.example/"onmouseover=alert(1)`, "HTTPS://B.EXAMPLE/X!"} {
		f.Add(seed)
	}
	link := regexp.MustCompile(`<a href="([^"]*)">([^<]*)</a>`)
	f.Fuzz(func(t *testing.T, in string) {
		got := string(linkedLine(in))
		for _, m := range link.FindAllStringSubmatch(got, -1) {
			if m[1] != m[2] {
				t.Fatalf("linkedLine(%q) links %q to %q", in, m[2], m[1])
			}
		}
		// HTML escaping writes a NUL as U+FFFD (the edition's text has
		// none: digest.StripControls).
		want := strings.ReplaceAll(in, "\x00", "\uFFFD")
		if back := html.UnescapeString(link.ReplaceAllString(got, "$2")); back != want && utf8.ValidString(in) {
			t.Fatalf("linkedLine(%q) reads back as %q", in, back)
		}
	})
}
