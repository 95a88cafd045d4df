package bot

import (
	"strings"
	"testing"
)

// TestOneLetterSectorNamesTheSectorsItStarts: `/shared news h` said only
// "Unknown sector `h`." and the whole list; a letter that starts several
// sectors' slugs, names or aliases now names them first. A submission's
// note that begins with such a letter ("a good read") is still a note.
func TestOneLetterSectorNamesTheSectorsItStarts(t *testing.T) {
	f := newFixture(t, nil)
	for cmd, want := range map[string]string{
		"news h":      "Unknown sector `h`. Did you mean `health`, `education`, `housing` or `highway-code`? Sectors: ",
		"news o":      "Unknown sector `o`. Did you mean `private-sector`, `international` or `other`? Sectors: ", // "outsourcing"
		"news x":      "Unknown sector `x`. Sectors: ",
		"subscribe h": "Unknown sector `h`. Did you mean `health`, `education`, `housing` or `highway-code`?",
	} {
		if r := f.say(editor, cmd); tone(r) != Problem || !strings.HasPrefix(text(r), want) {
			t.Errorf("%s: %q, want it to begin %q", cmd, text(r), want)
		}
	}
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/a a good read"); tone(r) != Success {
		t.Errorf("a note beginning with a letter that starts a sector: %q", text(r))
	}
}
