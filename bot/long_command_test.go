package bot

import (
	"strings"
	"testing"
)

// TestACommandLongerThanTheParserReadsIsRefusedWhole: a message over the
// 16 KiB the command parser reads (a mention in Slack may carry 40,000
// characters; the console a line of a megabyte) is refused saying how long
// it is, and nothing changes. Before, the parser cut it at 16 KiB and the
// command ran on the cut text: "/shared intro" with 20,000 characters was
// refused as "yours has 16,378", a length the editor never wrote, and a
// command whose limit is above the cut would have stored the cut text.
func TestACommandLongerThanTheParserReadsIsRefusedWhole(t *testing.T) {
	f := newFixture(t, nil)
	long := strings.Repeat("x", 20000)
	r := f.say(editor, "intro "+long)
	if tone(r) != Problem || !strings.Contains(text(r), "20,014 characters") || !strings.Contains(text(r), "Nothing was changed") ||
		strings.Contains(text(r), "16,") {
		t.Errorf("intro of 20,000 characters: %q", text(r))
	}
	if r := f.say(editor, "draft"); strings.Contains(text(r), "xxxx") {
		t.Errorf("the long intro reached the draft: %.200q", text(r))
	}
	// A message just within the bound is read as before.
	if r := f.say(editor, "intro "+strings.Repeat("y", 4000)); tone(r) == Problem {
		t.Errorf("intro of 4,000 characters refused: %q", text(r))
	}
}
