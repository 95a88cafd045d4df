package config

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Problem is one thing wrong with a configuration.
//
// Key is the dotted TOML path of the offending value, with 0-based indexes
// for arrays ("sectors[3].slug", "feeds.source[0].url"). File, Line and
// Column say where it is when it came from a file; they are empty or 0 when
// unknown (for example from Validate on a config built in code).
type Problem struct {
	File    string
	Line    int
	Column  int
	Key     string
	Message string
}

// String formats the problem like a compiler diagnostic:
// "config.toml:12: slack.mode: must be …".
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		b.WriteString(":")
	}
	if p.Line > 0 {
		fmt.Fprintf(&b, "%d:", p.Line)
		if p.Column > 0 {
			fmt.Fprintf(&b, "%d:", p.Column)
		}
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	}
	if p.Key != "" {
		b.WriteString(p.Key)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems is every problem found in a configuration. It is an error so that
// Load can return it; an empty Problems means none (use Err to get a nil
// error in that case).
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Err returns ps as an error, or nil when there are no problems. It avoids
// the trap of a nil Problems becoming a non-nil error interface.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// add appends a problem with a formatted message.
func (ps *Problems) add(key, format string, args ...any) {
	*ps = append(*ps, Problem{Key: key, Message: fmt.Sprintf(format, args...)})
}

// sortByLine orders problems as they appear in the file, keeping problems
// without a line (values that only exist as defaults) last, in the order
// they were found.
func (ps Problems) sortByLine() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Line, ps[j].Line
		if a == 0 || b == 0 {
			return a != 0 && b == 0
		}
		if a != b {
			return a < b
		}
		// On one line (an inline table, a list), left to right; one found
		// on the value as a whole (no column) after those.
		col := func(p Problem) int {
			if p.Column == 0 {
				return math.MaxInt
			}
			return p.Column
		}
		return col(ps[i]) < col(ps[j])
	})
}
