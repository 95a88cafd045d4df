package bot

import (
	"reflect"
	"strings"
	"testing"
)

// TestInvisibleCharactersSeparateWords: a control character (BEL, ESC) or
// a zero-width space typed or pasted as an argument made a word that reads
// as nothing, and every command answered about it: "/shared news \a" got
// "Unknown sector" quoting an empty word, "/shared approve \a" that an
// empty word "is not a story number". Such characters now separate words
// as spaces do, so the command reads the words that are there.
func TestInvisibleCharactersSeparateWords(t *testing.T) {
	for in, want := range map[string][]string{
		"/shared news \a":                  {"news"},
		"/shared news \u200b":              {"news"},
		"/shared news\x07health\ufeff3":    {"news", "health", "3"},
		"/shared\x1bnews health":           {"news", "health"},
		"/shared news \u2060 health":       {"news", "health"},
		"/shared search 👩\u200d💻 services": {"search", "👩\u200d💻", "services"}, // an emoji's joiner stays
	} {
		c := ParseCommand(in, "/shared")
		got := []string{c.Name}
		for _, a := range c.Args {
			got = append(got, a.Text)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ParseCommand(%q) = %q, want %q", in, got, want)
		}
	}
	f := newFixture(t, nil)
	for _, in := range []string{"news \a", "news \u200b", "queue \a", "approve \a", "\a"} {
		if r := f.say(editor, in); strings.Contains(text(r), "``") {
			t.Errorf("%q: %q", in, text(r))
		}
	}
}
