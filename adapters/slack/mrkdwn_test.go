package slack

import (
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"Health & Social Care":           "Health &amp; Social Care",
		"<!channel> <@U123> <#C1>":       "&lt;!channel&gt; &lt;@U123&gt; &lt;#C1&gt;",
		"<https://evil.example|click>":   "&lt;https://evil.example|click&gt;",
		"ping @here and @channel":        "ping @\u2060here and @\u2060channel",
		"tab\there\x07\u202Eevil":        "tab hereevil",
		"already &amp; escaped? no":      "already &amp;amp; escaped? no",
		"*bold* and _italic_ stay as is": "*bold* and _italic_ stay as is",
	} {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLink(t *testing.T) {
	for _, c := range []struct{ url, label, want string }{
		{"https://x.org/a?b=1&c=2", "A & B", "<https://x.org/a?b=1&amp;c=2|A &amp; B>"},
		{"https://x.org/a|<!channel>", "x", "<https://x.org/a%7C%3C!channel%3E|x>"},
		{"https://x.org/a b", "", "<https://x.org/a%20b>"},
		{"javascript:alert(1)", "click", "click"},
		{"/relative", "rel", "rel"},
		{"https://x.org/é", "e", "<https://x.org/%C3%A9|e>"},
	} {
		if got := link(c.url, c.label); got != c.want {
			t.Errorf("link(%q, %q) = %q, want %q", c.url, c.label, got, c.want)
		}
	}
}

func TestClipping(t *testing.T) {
	// Clipping never cuts an entity or leaves a broadcast word live.
	s := strings.Repeat("a&", 20) + "@here" + strings.Repeat("b", 50)
	for limit := 5; limit < 120; limit++ {
		got := clipEscaped(s, limit)
		if textLen(got) > limit {
			t.Fatalf("clipEscaped(_, %d) is %d long: %q", limit, textLen(got), got)
		}
		trimmed := strings.TrimSuffix(got, "…")
		if i := strings.LastIndexByte(trimmed, '&'); i >= 0 && !strings.HasPrefix(trimmed[i:], "&amp;") {
			t.Fatalf("clipEscaped(_, %d) cut an entity: %q", limit, got)
		}
		if strings.Contains(got, "@here") {
			t.Fatalf("clipEscaped(_, %d) left @here live: %q", limit, got)
		}
	}
	markup := "see *<https://x.org/long/path|the headline &amp; more>* now"
	for limit := 3; limit < len(markup); limit++ {
		got := clipMarkup(markup, limit)
		if textLen(got) > limit || strings.Count(got, "<") != strings.Count(got, ">") {
			t.Fatalf("clipMarkup(_, %d) = %q", limit, got)
		}
	}
	if textLen("😀a") != 3 {
		t.Error("an emoji counts as two, as in UTF-16")
	}
	if got := clipPlain("A long header that goes on", 10); got != "A long he…" {
		t.Errorf("clipPlain = %q", got)
	}
}
