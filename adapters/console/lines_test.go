package console

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestLineOverOneMiBIsAnsweredAndTheNextRuns: bufio.Scanner ended the
// session at such a line ("token too long"); now it gets an answer and the
// session goes on.
func TestLineOverOneMiBIsAnsweredAndTheNextRuns(t *testing.T) {
	var out bytes.Buffer
	in := "/shared submit https://example.invalid/a " + strings.Repeat("x", MaxLineBytes) + "\n/shared sectors\n"
	c := New(newBot(t), Options{In: strings.NewReader(in), Out: &out})
	if err := c.Run(context.Background()); err != nil {
		t.Fatalf("the session ended with %v", err)
	}
	got := out.String()
	if !strings.Contains(got, "✗ That line is longer than 1 MiB") || !strings.Contains(got, "nothing was changed") {
		t.Errorf("no answer for the long line:\n%.500s", got)
	}
	if !strings.Contains(got, "Sectors\n  local-government") {
		t.Errorf("the line after the long one did not run:\n%.500s", got)
	}
	if strings.Contains(got, "Queued") {
		t.Error("the long line was run")
	}
}

// TestConsolePrintsNoControlCharacters: whatever members, editors or feeds
// wrote, and whatever is typed, no ESC, BEL or other control character
// reaches the terminal.
func TestConsolePrintsNoControlCharacters(t *testing.T) {
	var out bytes.Buffer
	in := strings.Join([]string{
		"/shared frob\x1b[31mnicate\x07",
		"/shared submit https://example.invalid/a health note \x1b]0;title\x07with \x1b[2Jcodes\x07",
		"/shared edit 1 headline Head\x1b[31mline\x07",
		"/shared note 1 Comm\x1b[5mentary\x07",
		"/shared queue",
		"/shared approve 1",
		"/shared intro In\x1b[1mtro\x9b2J",
		"/shared draft",
		"/shared search headline",
	}, "\n")
	c := New(newBot(t), Options{In: strings.NewReader(in), Out: &out, User: "jo\x1b[2J"})
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if i := strings.IndexFunc(got, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f }); i >= 0 {
		t.Errorf("a control character reached the terminal at %d: %q", i, got[max(0, i-40):min(len(got), i+40)])
	}
	for _, want := range []string{"Headline", "Commentary", "Intro", "with codes"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q (the text around the codes must stay):\n%s", want, got)
		}
	}
}
