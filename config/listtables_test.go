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
	}{
		{"feed table header", "[feeds]\nconcurrency = 2\n\n[feeds.source]\nurl = \"https://a.example/rss\"\nname = \"A\"\n",
			"feeds.source", 4, "[[feeds.source]]"},
		{"sector table header", "[sectors]\nslug = \"roads\"\nname = \"Roads\"\n", "sectors", 1, "[[sectors]]"},
		{"feed inline table", "[feeds]\nsource = {url = \"https://a.example/rss\", name = \"A\"}\n", "feeds.source", 2, "[[feeds.source]]"},
		{"sector inline table", "sectors = {slug = \"roads\", name = \"Roads\"}\n", "sectors", 1, "[[sectors]]"},
		{"feed dotted keys", "feeds.source.url = \"https://a.example/rss\"\nfeeds.source.name = \"A\"\n", "feeds.source", 1, "[[feeds.source]]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := loadProblems(t, tc.doc)
			p := findProblem(t, ps, tc.key)
			if p.Line != tc.line || !strings.Contains(p.Message, tc.want) {
				t.Errorf("line %d %q, want line %d and %q", p.Line, p.Message, tc.line, tc.want)
			}
		})
	}
}
