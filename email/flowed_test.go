package email_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
)

// unflow reads a format=flowed text (DelSp=no) as RFC 3676 4.1 and 4.4
// tell a client that knows the format to: one space of stuffing removed,
// a line that ends with a space (other than the signature separator)
// joined to the next.
func unflow(text string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if line != "-- " {
			line = strings.TrimPrefix(line, " ")
		}
		b.WriteString(line)
		if line == "-- " || !strings.HasSuffix(line, " ") {
			b.WriteByte('\n')
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// withoutTrailingSpaces is text with the spaces at the end of each line
// dropped, which flowed drops so that a line does not read as flowing on
// (all but the signature separator's).
func withoutTrailingSpaces(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if l != "-- " {
			lines[i] = strings.TrimRight(l, " ")
		}
	}
	return strings.Join(lines, "\n")
}

// checkFlowedLines checks each line of a flowed text as a client that
// does not know the format shows it: at most 72 characters before a soft
// break's space, unless the line is one word that cannot be cut.
func checkFlowedLines(t *testing.T, name, text string) {
	t.Helper()
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		word := strings.TrimSpace(line)
		if utf8.RuneCountInString(strings.TrimSuffix(line, " ")) > 72 && strings.Contains(word, " ") {
			t.Errorf("%s: line %d is %d characters, more than 72, and could be cut at a space: %q",
				name, i+1, utf8.RuneCountInString(line), line)
		}
		for _, quoted := range []string{">", "From "} {
			if strings.HasPrefix(line, quoted) {
				t.Errorf("%s: line %d starts with %q without a space before it (RFC 3676 4.4): %q", name, i+1, quoted, line)
			}
		}
	}
}

// TestEditionTextIsFlowed: the text part was one line a paragraph, so a
// client that does not wrap (a terminal, a plain-text archive, many
// screen readers' line navigation) showed a paragraph as a line of
// hundreds of characters. It is RFC 3676 format=flowed: lines of at most
// 72 characters cut at spaces, which a client that knows the format joins
// back into the paragraph as it was, and which read well in one that does
// not; a link is never cut, so either kind of client shows it whole.
func TestEditionTextIsFlowed(t *testing.T) {
	f := newFixture(t, smtptest.Options{})
	f.importReaders("ana@example.org")
	for _, e := range append(importedEditions(t, f), worstCaseEdition(f.sectors)) {
		w := checkWire(t, f.postEdition(e, "ana@example.org"))
		if w.textFormat != "flowed" {
			t.Fatalf("edition %d: the text part's format is %q, want flowed", e.Number, w.textFormat)
		}
		name := fmt.Sprintf("edition %d", e.Number)
		checkFlowedLines(t, name, w.raw)
		want := withoutTrailingSpaces(digest.RenderText(e))
		if !strings.HasPrefix(w.text, want) {
			t.Errorf("%s: read as flowed, the text part is not the edition's text:\n%s", name, firstDifference(w.text, want))
		}
		if !strings.Contains(strings.ReplaceAll(w.raw, "\r\n", "\n"), "\n-- \n") {
			t.Errorf("%s: no signature separator %q on a line of its own", name, "-- ")
		}
		links := link.FindAllString(w.text, -1)
		if len(links) < 3 {
			t.Errorf("%s: %d links in the text part, want the web page's and the unsubscribe and sign-up links at least", name, len(links))
		}
		for _, l := range links {
			if !strings.Contains(w.raw, l) {
				t.Errorf("%s: the link %s is cut across lines", name, l)
			}
		}
	}
}

// link is a link as a client that does not know format=flowed finds it in
// text: up to a space or a line's end.
var link = regexp.MustCompile(`https?://[^\s]+`)

// TestFlowed is flowed's rules one by one, each read back as a client
// that knows the format reads it.
func TestFlowed(t *testing.T) {
	long := strings.Repeat("word ", 30) + "end"
	url := "https://example.org/" + strings.Repeat("a", 100)
	for _, tc := range []struct {
		name, in, want string
	}{
		{"a short line as it is", "Hello.", "Hello."},
		{"a long line cut at spaces", long, strings.Repeat("word ", 14) + "\n" + strings.Repeat("word ", 14) + "\nword word end"},
		{"a link not cut", "Read more >>> " + url, "Read more >>> \n" + url},
		{"a link longer than a line alone", url + " after", url + " \nafter"},
		{"spaces ending a hard line dropped", "Ends with spaces.   \nNext.", "Ends with spaces.\nNext."},
		{"the signature separator kept", "Text.\n-- \nFooter.", "Text.\n-- \nFooter."},
		{"a line starting From stuffed", "From April the councils share.", " From April the councils share."},
		{"a line starting > stuffed", "> quoted", " > quoted"},
		{"a line starting with a space stuffed", "  indented", "   indented"},
		{"a cut line starting > stuffed", strings.Repeat("x", 70) + " >>> more", strings.Repeat("x", 70) + " \n >>> more"},
		{"a cut line starting From stuffed", strings.Repeat("x", 70) + " From here", strings.Repeat("x", 70) + " \n From here"},
		{"spaces between words kept", strings.Repeat("y", 70) + "  two", strings.Repeat("y", 70) + "  \ntwo"},
		{"characters, not bytes", strings.Repeat("é", 72) + " fin", strings.Repeat("é", 72) + " \nfin"},
		{"empty lines kept", "a\n\nb\n", "a\n\nb\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := email.Flowed(tc.in)
			if got != tc.want {
				t.Errorf("flowed(%q) =\n%q\nwant\n%q", tc.in, got, tc.want)
			}
			if back := unflow(got); back != withoutTrailingSpaces(tc.in) {
				t.Errorf("read back as flowed: %q, want %q", back, withoutTrailingSpaces(tc.in))
			}
		})
	}
}

// firstDifference shows where got first differs from want.
func firstDifference(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	return "got:  " + clip(got[max(0, i-40):min(len(got), i+80)]) + "\nwant: " + clip(want[max(0, i-40):min(len(want), i+80)])
}
