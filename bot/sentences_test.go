package bot

import (
	"errors"
	"testing"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

func TestSectorProblem(t *testing.T) {
	sectors := digest.Sectors(config.Default().DigestSectors())
	for in, want := range map[string]string{
		"helth":                "Unknown sector `helth`. Did you mean `health`?",
		"local govenment":      "Unknown sector `local govenment`. Did you mean `local-government`?",
		"nsh":                  "Unknown sector `nsh`. Did you mean `health`?",
		"xyz":                  "Unknown sector `xyz`.",
		"transport for london": "Unknown sector `transport for london`.",
		"`code`":               "Unknown sector `'code'`.",
		"":                     "No sector given.",
		"   ":                  "No sector given.",
		"pr":                   "Sector `pr` could be `private-sector` or `highway-code`.",
	} {
		_, err := sectors.Resolve(in)
		if got := sectorProblem(err); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestURLProblem(t *testing.T) {
	for raw, want := range map[string]string{
		"":                                 "Please give a link.",
		"www.bbc.co.uk/news":               "Only http and https links can be submitted.",
		"https://admin:secret@example.org": "Links with a user name or password in them can't be submitted.",
		"https://exa mple.org/":            "That doesn't look like a valid link.",
		"https://example.org:99999/":       "That link's port number is not valid.",
	} {
		_, err := digest.Canonicalize(raw)
		if got := urlProblem(err); got != want {
			t.Errorf("%q: %q, want %q", raw, got, want)
		}
	}
	if got := urlProblem(digest.ErrURLTooLong); got != "That link is longer than 2,048 characters." {
		t.Errorf("too long: %q", got)
	}
	if got := urlProblem(errors.New("something else")); got != "That doesn't look like a valid link." {
		t.Errorf("other: %q", got)
	}
}

func TestListWords(t *testing.T) {
	for _, c := range []struct {
		words []string
		want  string
	}{
		{nil, ""},
		{[]string{"headline"}, "headline"},
		{[]string{"headline", "summary"}, "headline and summary"},
		{[]string{"View Channel", "Send Messages", "Embed Links"}, "View Channel, Send Messages and Embed Links"},
	} {
		if got := ListWords(c.words); got != c.want {
			t.Errorf("ListWords(%q) = %q, want %q", c.words, got, c.want)
		}
	}
}

// TestFailedIsOneSentence: a failure on our side reads the same whether
// the bot failed doing a command or a platform failed before it could
// tell what (Discord's interaction that failed before any answer had its
// own copy of the sentence).
func TestFailedIsOneSentence(t *testing.T) {
	for doing, want := range map[string]string{
		"approve #3": "Something went wrong on our side (approve #3); nothing was changed. The operator can see the details in the log.",
		"":           "Something went wrong on our side; nothing was changed. The operator can see the details in the log.",
	} {
		if got := Failed(doing); got != want {
			t.Errorf("Failed(%q) = %q, want %q", doing, got, want)
		}
	}
}
