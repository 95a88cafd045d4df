package archive

import (
	"fmt"
	"strings"
)

// An edition forwarded or replied to, and saved from the mail, has every
// line quoted as mail programs quote ("> Thursday 10 July 2014", ">" for a
// blank line, ">> " for a quote in a quote). unquote reads such lines
// without their quote marks.

// quoteDepth is how many quote marks (">", spaced or not) s starts with,
// and s without them.
func quoteDepth(s string) (int, string) {
	depth := 0
	for strings.HasPrefix(s, ">") {
		depth++
		s = strings.TrimLeft(s[1:], " ")
	}
	return depth, s
}

// unquote takes the quote marks off each run of quoted lines (blank lines
// among them) that holds an edition's date line or a story's "Read more":
// as many marks as every line of the run has. A quoted line or two in the
// editor's own text (a passage of a report) is kept as written. It
// returns the lines and a warning for each run read so.
func unquote(lines []line) ([]line, []Warning) {
	var out []line
	var warnings []Warning
	for i := 0; i < len(lines); {
		if d, _ := quoteDepth(lines[i].text); d == 0 {
			i++
			continue
		}
		end, last := i, i // end: past the run; last: its last quoted line
		for ; end < len(lines); end++ {
			if d, _ := quoteDepth(lines[end].text); d > 0 {
				last = end
			} else if lines[end].text != "" {
				break
			}
		}
		end = last + 1
		depth, edition := 0, false
		for _, l := range lines[i:end] {
			d, text := quoteDepth(l.text)
			if d == 0 {
				continue
			}
			if depth == 0 || d < depth {
				depth = d
			}
			_, dated := parseDateLine(text)
			_, bare := parseBareDateLine(text)
			_, _, story := readMore(text)
			edition = edition || dated || bare || story
		}
		if edition {
			if out == nil {
				out = append([]line(nil), lines...)
			}
			for k := i; k < end; k++ {
				out[k].text = stripQuotes(out[k].text, depth)
			}
			warnings = append(warnings, Warning{Line: lines[i].no, Msg: fmt.Sprintf(
				`lines %d to %d are quoted as a forwarded or answered mail quotes them ("> " before each); read without the quote marks`, lines[i].no, lines[end-1].no)})
		}
		i = end
	}
	if out == nil {
		return lines, nil
	}
	return out, warnings
}

// stripQuotes takes n quote marks off the start of s.
func stripQuotes(s string, n int) string {
	for ; n > 0 && strings.HasPrefix(s, ">"); n-- {
		s = strings.TrimLeft(s[1:], " ")
	}
	return s
}
