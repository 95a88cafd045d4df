package feeds

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

func TestPlainText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"  Plain   text\n\twith  spaces ", "Plain text with spaces"},
		{"AT&amp;T &amp; Verizon", "AT&T & Verizon"},
		{"AT&T", "AT&T"},
		{"a < b and c > d", "a < b and c > d"},
		{"<p>First paragraph.</p><p>Second <em>very</em> good one.</p>", "First paragraph. Second very good one."},
		{"x<sup>2</sup> and H<sub>2</sub>O", "x2 and H2O"},
		{"Line one<br>line two<br/>line three", "Line one line two line three"},
		{`<ul><li>One</li><li>Two</li></ul><a href="https://x.example/">Continue reading...</a>`, "One Two Continue reading..."},
		{"<script>alert('x')</script>Safe<style>p{color:red}</style> text", "Safe text"},
		{"<p>Hello <!-- a comment --> world</p>", "Hello world"},
		// Escaped twice, as some feeds do.
		{"&lt;p&gt;Double &amp;amp; escaped&lt;/p&gt;", "Double & escaped"},
		{"&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt;", "bold"},
		{"Caf&eacute; &#8211; &#x201C;quoted&#x201D;&nbsp;here", "Café – “quoted” here"},
		{"Zero\u200bwidth, soft\u00adhyphen, bidi\u202eoverride\u202c", "Zerowidth, softhyphen, bidioverride"},
		{"Signed-off-by: bot &lt;support@example.com&gt;", "Signed-off-by: bot support@example.com>"},
		{"Emoji 👩\u200d💻 stay", "Emoji 👩\u200d💻 stay"},
		{"bad \xff byte", "bad byte"},
		{"<img src=\"x.png\" alt=\"A picture\">", ""},
	} {
		if got := plainText(tc.in); got != tc.want {
			t.Errorf("plainText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"Short enough", 20, "Short enough"},
		{"Exactly twelve", 14, "Exactly twelve"},
		{"Councils agree to share a chief executive", 20, "Councils agree to…"},
		{"Councils agree, to share", 17, "Councils agree…"},
		{"Supercalifragilisticexpialidocious words", 10, "Supercali…"},
		{"Þetta er íslenska og hún er löng", 12, "Þetta er…"},
		{"abc", 1, "…"},
	} {
		got := digest.Shorten(tc.in, tc.max)
		if got != tc.want {
			t.Errorf("Shorten(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
		if utf8.RuneCountInString(got) > tc.max {
			t.Errorf("Shorten(%q, %d) is %d characters", tc.in, tc.max, utf8.RuneCountInString(got))
		}
	}
}

func TestTrimReadMore(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"The story. Continue reading...", "The story."},
		{"The story. Continue reading…", "The story."},
		{"The story. Read more »", "The story."},
		{"The story [...]", "The story"},
		{"The story [&hellip;]", "The story [&hellip;]"},
		{"Read more about it tomorrow", "Read more about it tomorrow"},
		{"The story. READ MORE >>", "The story."},
		{"The story. Read the full article", "The story."},
		{"The story. […]", "The story."},
		{"The story ends here, with nothing to trim.", "The story ends here, with nothing to trim."},
		{strings.Repeat("Long story. ", 20) + "Continue Reading »", strings.TrimSpace(strings.Repeat("Long story. ", 20))},
	} {
		if got := trimReadMore(tc.in); got != tc.want {
			t.Errorf("trimReadMore(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPlainTextLongInputStaysLinear(t *testing.T) {
	in := strings.Repeat("<p>word &amp; <b>word</b></p>", 20000)
	if got := plainText(in); !strings.HasPrefix(got, "word & word word & word") {
		t.Errorf("got %q…", got[:40])
	}
}
