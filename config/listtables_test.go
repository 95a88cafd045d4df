package config

import (
	"strings"
	"testing"
)

// TestLoadListOfTablesWrittenAsOneTable: [[sectors]] and [[feeds.source]]
// are lists; written as a single table ([feeds.source], an inline table or
// dotted keys) go-toml decoded it over one element of the default list
// without a word, so a feed kept another feed's include filters and the
// default feeds stayed. Every spelling is a problem naming the key, its
// line and the double brackets.
func TestLoadListOfTablesWrittenAsOneTable(t *testing.T) {
	for _, tc := range []struct {
		name, doc, key string
		line           int
		want           string
		problems       int // every problem of the file
	}{
		{"feed table header", "[feeds]\nconcurrency = 2\n\n[feeds.source]\nurl = \"https://a.example/rss\"\nname = \"A\"\n",
			"feeds.source", 4, "[[feeds.source]]", 1},
		{"sector table header", "[sectors]\nslug = \"roads\"\nname = \"Roads\"\n", "sectors", 1, "[[sectors]]", 1},
		{"feed inline table", "[feeds]\nsource = {url = \"https://a.example/rss\", name = \"A\"}\n", "feeds.source", 2, "[[feeds.source]]", 1},
		{"sector inline table", "sectors = {slug = \"roads\", name = \"Roads\"}\n", "sectors", 1, "[[sectors]]", 1},
		{"feed dotted keys", "feeds.source.url = \"https://a.example/rss\"\nfeeds.source.name = \"A\"\n", "feeds.source", 1, "[[feeds.source]]", 1},
		// A list of addresses, not of tables: each entry says how to write it.
		{"feed list of addresses", "[feeds]\nsource = [\"https://a.example/rss\"]\n", "feeds.source[0]", 2, "[[feeds.source]]", 1},
		{"sector list of names", "sectors = [\"health\", \"housing\"]\n", "sectors[1]", 1, "[[sectors]]", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := loadProblems(t, tc.doc)
			p := findProblem(t, ps, tc.key)
			if p.Line != tc.line || !strings.Contains(p.Message, tc.want) {
				t.Errorf("line %d %q, want line %d and %q", p.Line, p.Message, tc.line, tc.want)
			}
			// Nothing else: the list emptied by stepping over its
			// entries is not a second problem.
			if len(ps) != tc.problems {
				t.Errorf("problems beyond the list's own:\n%v", ps)
			}
		})
	}
}
