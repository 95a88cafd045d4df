package feeds

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/internal/randtext"
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
		{`<ul><li>One</li><li>Two</li></ul><a href="https://x.example/">Continue reading...</a>`, "One. Two. Continue reading..."},
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
		// WordPress's Twenty Ten and Twenty Eleven themes end every
		// excerpt so: 'Continue reading <span class="meta-nav">&rarr;</span>'.
		{"The story. Continue reading →", "The story."},
		{"The story. Read more→", "The story."},
		{"The story ends here, with nothing to trim.", "The story ends here, with nothing to trim."},
		{strings.Repeat("Long story. ", 20) + "Continue Reading »", strings.TrimSpace(strings.Repeat("Long story. ", 20))},
	} {
		if got := trimReadMore(tc.in); got != tc.want {
			t.Errorf("trimReadMore(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSummaryTextWithoutWordPressFooter(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<p>Councils agree to share a chief executive &#8230;</p>
<p>The post <a rel="nofollow" href="https://x.example/1">Councils share a boss</a> appeared first on <a rel="nofollow" href="https://x.example">Local Gov News</a>.</p>`,
			"Councils agree to share a chief executive …"},
		{`<p>Councils agree to share a chief executive [&#8230;]</p><p>The post <a href="https://x.example/1">Councils share a boss</a> appeared first on <a href="https://x.example">Local Gov News</a>.</p>`,
			"Councils agree to share a chief executive"},
		{`The post <a href="https://x.example/1">Councils share a boss</a> appeared first on Local Gov News.`, ""},
		// Not WordPress's line: the words stand in the story itself.
		{`<p>The post office appeared first on the list of closures; the council objected.</p>`,
			"The post office appeared first on the list of closures; the council objected."},
		{`<p>Signpost The post appeared first on Friday.</p>`, "Signpost The post appeared first on Friday."},
		// The headline has "The post" of its own.
		{`<p>Sub-post offices to shut.</p><p>The post <a href="https://x.example/1">The post office network shrinks</a> appeared first on <a href="https://x.example">Local Gov</a>.</p>`,
			"Sub-post offices to shut."},
	} {
		if got := summaryText(tc.in); got != tc.want {
			t.Errorf("summaryText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPlainTextLongInputStaysLinear(t *testing.T) {
	in := strings.Repeat("<p>word &amp; <b>word</b></p>", 20000)
	if got := plainText(in); !strings.HasPrefix(got, "word & word word & word") {
		t.Errorf("got %q…", got[:40])
	}
}

// FuzzStripHTML checks that the short way through simple HTML reads it
// exactly as the tokenizer does, and that it takes the short way for the
// HTML feeds mostly carry.
func FuzzStripHTML(f *testing.F) {
	for _, s := range []string{
		`<p>The <strong>Council</strong> agrees &amp; shares &pound;5m.</p><p><a href="https://x.example/a?b=1&amp;c=2">Continue reading&hellip;</a></p>`,
		`<img src='a.jpg' alt="x > y"/>Text<br>more<BR />x<sup>2</sup>`, "a < b &lt; c\r\nd\re", `<p class=lead data-x = "1" hidden>x</p >`,
		`<script>alert("<p>")</script>text`, `<!-- c -->x`, `<a href=x/>y`, `</>`, `</ x>`, `<p`, `<p a="x`, `<x-y>z</x-y>`, `<title>T</title>`,
		"<p>\x00nul</p>", `<svg><p>x</p></svg>`, `<a b"c>`, `<a href="x"title="y">`, `&notit; &amp &#169 &#x41;`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := stripSimpleHTML(s); ok {
			if want := stripHTMLTokens(s); got != want {
				t.Fatalf("stripSimpleHTML(%q) = %q, the tokenizer reads %q", s, got, want)
			}
		}
	})
}

func TestStripSimpleHTMLTakesFeedHTML(t *testing.T) {
	for _, s := range []string{
		`<p>The <strong>Council</strong> agrees &amp; shares &pound;5m.</p><p><a href="https://x.example/a?b=1&amp;c=2">Continue reading&hellip;</a></p>`,
		`<img src='a.jpg' alt="x > y"/>Text<br>more<BR />x<sup>2</sup>`, `<p class=lead data-x = "1" hidden>x</p >`, "plain & simple, a < b",
	} {
		if _, ok := stripSimpleHTML(s); !ok {
			t.Errorf("stripSimpleHTML(%q) leaves it to the tokenizer", s)
		}
	}
}

// TestStripSimpleHTMLMatchesTokenizer composes fragments of feed HTML,
// well and badly formed, at random (with a fixed seed) and checks that
// whatever the short way reads, it reads as the tokenizer does; most of
// the compositions take it, which the fuzz target's mutations rarely do.
func TestStripSimpleHTMLMatchesTokenizer(t *testing.T) {
	fragments := []string{"<p>", "</p>", "<P >", "</P\n>", "<br>", "<br/>", "<br />", "<a href=\"x>y\">", "<a href='q\"'>", "<a href=x>", "</a>",
		"<em>", "</em>", "<img src=a.jpg alt=b>", "<div class=\"c\" id=d>", "</div>", "<h2>", "</h2>", "<span\tlang=en>", "<input disabled>",
		"text", " ", "\n", "\r\n", "\r", "&amp;", "&amp", "&pound;", "&#8217;", "&#x2014;", "&bogus;", "&", "<", ">", "< ", "<3", "\"", "'", "=",
		"<!-- c -->", "<script>", "</script>", "<a href=x/>", "</ x>", "<p a=\"b\"c>", "é", "\x00", "<x-y>", "<title>"}
	rng := rand.New(rand.NewPCG(12, 12))
	took := 0
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteString(fragments[rng.IntN(len(fragments))])
		}
		s := b.String()
		got, ok := stripSimpleHTML(s)
		if !ok {
			continue
		}
		took++
		if want := stripHTMLTokens(s); got != want {
			t.Fatalf("stripSimpleHTML(%q) = %q, the tokenizer reads %q", s, got, want)
		}
	}
	if took < 5000 {
		t.Errorf("only %d of 20000 compositions took the short way", took)
	}
}

// TestReadMoreStartMatchesExpression composes summary endings at random
// (with a fixed seed) and checks that readMoreStart finds readMore's
// match wherever it says it can.
func TestReadMoreStartMatchesExpression(t *testing.T) {
	fragments := []string{"Continue reading", "continue READING", "Read more", "read the full story", "Read the full article", "read the full",
		"[", "]", "...", "..", "…", "»", ">", ">>", " ", "\t", "\n", "\v", "x", "Officers expect savings.", "ſtory", "K", "é", "[…]", "[...]", "read"}
	rng := rand.New(rand.NewPCG(7, 7))
	certain := 0
	for range 50000 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteString(fragments[rng.IntN(len(fragments))])
		}
		tail := b.String()
		got, ok := readMoreStart(tail)
		if !ok {
			continue
		}
		certain++
		want := -1
		if loc := readMore.FindStringIndex(tail); loc != nil {
			want = loc[0]
		}
		if got != want {
			t.Fatalf("readMoreStart(%q) = %d, the expression matches at %d", tail, got, want)
		}
	}
	if certain < 25000 {
		t.Errorf("readMoreStart was sure of only %d of 50000 endings", certain)
	}
}

func FuzzReadMoreStart(f *testing.F) {
	for _, s := range []string{"Officers expect savings. Continue reading…", "x [Read more »]", "Read the full story >>", "a [...]", " read more\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tail string) {
		got, ok := readMoreStart(tail)
		if !ok {
			return
		}
		want := -1
		if loc := readMore.FindStringIndex(tail); loc != nil {
			want = loc[0]
		}
		if got != want {
			t.Fatalf("readMoreStart(%q) = %d, the expression matches at %d", tail, got, want)
		}
	})
}

func TestParagraphsJoinedAsSentences(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<p>Report paints bleak picture of journalist safety</p><p>Attacks against the press rose.</p>",
			"Report paints bleak picture of journalist safety. Attacks against the press rose."},
		{"<p>Ends with a stop.</p>\n\n<p>Next one.</p>", "Ends with a stop. Next one."},
		{"<p>Ends with a colon:</p><p>Next</p>", "Ends with a colon: Next"},
		{"<p>Councils say ‘no’</p><p>The plan is off</p>", "Councils say ‘no’. The plan is off"},
		{"<p>Councils say ‘no!’</p><p>The plan is off</p>", "Councils say ‘no!’ The plan is off"},
		{"<h2>Key points</h2><p>The war goes on</p>", "Key points. The war goes on"},
		{"<p>Total 2024</p><div>New figures</div>", "Total 2024. New figures"},
		{"<p>lower case</p><p>next in lower case</p>", "lower case next in lower case"},
		{"<p>Nächste Woche</p><p>Über den Rat</p>", "Nächste Woche. Über den Rat"},
		{"<p>پاکستان</p><p>امریکہ</p>", "پاکستان امریکہ"},
		{"<li>Apples</li><li>Pears</li>", "Apples. Pears"},
		// Not paragraphs: a line break, an image, inline elements.
		{"10 Downing Street<br>London", "10 Downing Street London"},
		{"A picture<img src=x.png>Below it", "A picture Below it"},
		{"<b>Bold</b><i>Italic</i>", "BoldItalic"},
		// A paragraph break the feed escaped twice is resolved as well.
		{"&lt;p&gt;Standfirst&lt;/p&gt;&lt;p&gt;Body.&lt;/p&gt;", "Standfirst. Body."},
		// NUL in the feed is not a paragraph break.
		{"One\x00Two <b>x</b>", "OneTwo x"},
	} {
		if got := plainText(tc.in); got != tc.want {
			t.Errorf("plainText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzTextShortcuts checks the shortcuts windows1252Controls,
// trimPostAppeared and trimReadMore take against what they stand for:
// decoding every rune in search of C1 controls, looking for WordPress's
// phrase in the whole text, lower-casing the tail before looking for
// "read".
func FuzzTextShortcuts(f *testing.F) {
	for _, s := range []string{"Council\u0092s budget \u0096 what\u0092s next", "plain ASCII", "Â£5 Ã©", "\xc2", "\xc2\x9f\xc2",
		"Body. The post Council news appeared first on Council News.", "x appeared first on " + strings.Repeat("Long site name ", 10) + ".",
		"Body. The post Headline appeared first on " + strings.Repeat("a", 119) + ".",
		"Officers expect savings. Continue READING…", "x [Read more »]", "ReAd", "İ K"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := s
		if strings.ContainsFunc(s, isC1) {
			var b strings.Builder
			for _, r := range s {
				if isC1(r) {
					r = charmap.Windows1252.DecodeByte(byte(r))
				}
				b.WriteRune(r)
			}
			want = b.String()
		}
		if got := windows1252Controls(s); got != want {
			t.Errorf("windows1252Controls(%q) = %q, want %q", s, got, want)
		}
		if got, want := trimPostAppeared(s), trimPostAppearedWhole(s); got != want {
			t.Errorf("trimPostAppeared(%q) = %q, want %q", s, got, want)
		}
		if got, want := containsReadASCII(s), strings.Contains(strings.ToLower(s), "read"); got != want {
			t.Errorf("containsReadASCII(%q) = %v, want %v", s, got, want)
		}
	})
}

// trimPostAppearedWhole is trimPostAppeared looking for the phrase in the
// whole text, as it did.
func trimPostAppearedWhole(s string) string {
	const appeared, post = " appeared first on ", "The post "
	i := strings.LastIndex(s, appeared)
	if i < 0 {
		return s
	}
	site := s[i+len(appeared):]
	if len(site) > 120 || !strings.HasSuffix(site, ".") || strings.ContainsAny(site, ";\n") ||
		strings.Contains(site, ". ") || strings.Contains(site, "? ") || strings.Contains(site, "! ") {
		return s
	}
	from := max(0, i-300)
	for from < i {
		k := strings.Index(s[from:i], post)
		if k < 0 {
			return s
		}
		j := from + k
		if j == 0 || s[j-1] == ' ' || s[j-1] == '\n' {
			return strings.TrimSpace(s[:j])
		}
		from = j + 1
	}
	return s
}

// TestValidUTF8AndHasMarkup: the shortcuts plainText takes say what
// strings.ToValidUTF8 and strings.ContainsAny(s, "<&") say, on random text
// of markup, invalid bytes and other characters.
func TestValidUTF8AndHasMarkup(t *testing.T) {
	pieces := []string{"a", " ", "<", "&", "\xff", "\xc3", "\xe2\x80", "é", "’", "\uFFFD", ">", ";"}
	r := rand.New(rand.NewPCG(9, 10))
	for range 100000 {
		s := randtext.Of(r, pieces, 24)
		if got, want := validUTF8(s), strings.ToValidUTF8(s, "\uFFFD"); got != want {
			t.Fatalf("validUTF8(%q) = %q, want %q", s, got, want)
		}
		if got, want := hasMarkup(s), strings.ContainsAny(s, "<&"); got != want {
			t.Fatalf("hasMarkup(%q) = %v, want %v", s, got, want)
		}
	}
}
