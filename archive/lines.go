package archive

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what is read. The real digests are about 10 kB with lines of at
// most a few hundred characters; anything far beyond that is not a
// newsletter, and is refused rather than stored as a giant story.
const (
	maxFileBytes = 16 << 20
	maxLineBytes = 16 << 10
)

// line is one line of a file, cleaned: white space of every kind (no-break
// spaces, tabs) as single spaces, trimmed. A blank line has empty text.
type line struct {
	no   int // 1-based
	text string
}

// readLines reads r into cleaned lines, refusing content that is not text.
func readLines(name string, r io.Reader) ([]line, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > maxFileBytes {
		n := bytes.Count(data[:maxFileBytes], []byte("\n")) + 1
		return nil, &ParseError{Name: name, Line: n, Msg: fmt.Sprintf("file is larger than %d MiB; split it", maxFileBytes>>20)}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	raw := bytes.Split(data, []byte("\n"))
	lines := make([]line, 0, len(raw))
	for i, b := range raw {
		text, msg := cleanLine(b)
		if msg != "" {
			return nil, &ParseError{Name: name, Line: i + 1, Msg: msg}
		}
		lines = append(lines, line{no: i + 1, text: text})
	}
	return lines, nil
}

// cleanLine returns b as cleaned text, or why it is not a line of text.
func cleanLine(b []byte) (string, string) {
	if len(b) > maxLineBytes {
		return "", fmt.Sprintf("line is longer than %d bytes; this does not look like a newsletter", maxLineBytes)
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return "", "binary content (a NUL byte); expected a plain-text newsletter"
	}
	if !utf8.Valid(b) {
		return "", "not UTF-8 text; convert the file first (for example: iconv -f WINDOWS-1252 -t UTF-8)"
	}
	for _, r := range string(b) {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return "", fmt.Sprintf("binary content (control character %U); expected a plain-text newsletter", r)
		}
	}
	s := strings.Map(func(r rune) rune {
		switch r {
		case '\u200B', '\uFEFF': // zero-width spaces left by blog editors
			return -1
		}
		return r
	}, string(b))
	return strings.Join(strings.Fields(s), " "), ""
}

// summaryOf returns the summary on a line ending in "Read more >>>" (in any
// case, with any spacing before ">>>"), and whether the line is one.
func summaryOf(s string) (string, bool) {
	rest, ok := strings.CutSuffix(s, ">>>")
	if !ok {
		return "", false
	}
	rest = strings.TrimRight(rest, " ")
	const more = "read more"
	if len(rest) < len(more) || !strings.EqualFold(rest[len(rest)-len(more):], more) {
		return "", false
	}
	rest = rest[:len(rest)-len(more)]
	if rest != "" && !strings.HasSuffix(rest, " ") {
		return "", false // "…spread more >>>" is not the marker
	}
	return strings.TrimRight(rest, " "), true
}

// isRule reports whether s is a row of asterisks, the newsletter's section
// separator. Spaced-out asterisks ("* * *") are text: that is how the
// renderer writes asterisks that are not a rule.
func isRule(s string) bool {
	return len(s) >= 3 && strings.Trim(s, "*") == ""
}

// isFooter reports whether s is the newsletter's footer line.
func isFooter(s string) bool {
	return hasPrefixFold(s, "Receive this Shared Service News Summary")
}

// isDebris reports whether s is blog chrome saved along with a post.
func isDebris(s string) bool {
	if len(s) > 40 {
		return false
	}
	switch strings.ToLower(s) {
	case "no comments:", "post a comment", "newer post", "older post", "subscribe to: post comments (atom)":
		return true
	}
	n, ok := strings.CutSuffix(strings.ToLower(s), " comments:")
	if !ok {
		n, ok = strings.CutSuffix(strings.ToLower(s), " comment:")
	}
	return ok && n != "" && strings.Trim(n, "0123456789") == ""
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
