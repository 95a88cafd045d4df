package bot

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

func TestParseCommand(t *testing.T) {
	for _, tc := range []struct {
		in   string
		name string
		args []string
		rest string // Rest(1)
	}{
		{"/shared news health", "news", []string{"health"}, ""},
		{"NEWS Health 5", "news", []string{"Health", "5"}, "5"},
		{"/SHARED   search   chief   executive ", "search", []string{"chief", "executive"}, "executive"},
		{`news "social care" 3`, "news", []string{"social care", "3"}, "3"},
		{"news “social care” 3", "news", []string{"social care", "3"}, "3"},
		{`note 4 It's the council's "big" week`, "note", []string{"4", "It's", "the", "council's", "big", "week"}, `It's the council's "big" week`},
		{`note 4 "quoted whole"`, "note", []string{"4", "quoted whole"}, "quoted whole"},
		{`intro "unclosed quote here`, "intro", []string{`"unclosed`, "quote", "here"}, "quote here"},
		{`edit 3 headline "a"b`, "edit", []string{"3", "headline", `"a"b`}, `headline "a"b`},
		{"", "", nil, ""},
		{"/shared", "", nil, ""},
		{"\t help \n", "help", nil, ""},
		{"/shared\tnews health", "news", []string{"health"}, ""},
		{"/shared\u00a0news\u00a0health 2", "news", []string{"health", "2"}, "2"},
		{"/shared search \x1b[31mhousing\x1b[0m", "search", []string{"housing"}, ""},
		{"approve \x1b[1;32m25\x1b[m health", "approve", []string{"25", "health"}, "health"},
		{"edit 3 headline Head\x1b[31mline", "edit", []string{"3", "headline", "Headline"}, "headline Headline"},
		{"\x1b]0;title\x07news health", "news", []string{"health"}, ""},
	} {
		c := ParseCommand(tc.in, "/shared")
		var args []string
		for _, a := range c.Args {
			args = append(args, a.Text)
		}
		if c.Name != tc.name || !reflect.DeepEqual(args, tc.args) || c.Rest(1) != tc.rest {
			t.Errorf("ParseCommand(%q) = %q %q rest %q; want %q %q rest %q", tc.in, c.Name, args, c.Rest(1), tc.name, tc.args, tc.rest)
		}
	}
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/shared news health 5", `submit https://x.org/a health "a note"`, "“", `"`, "note 1 It's", "\x00\xff", "intro " + strings.Repeat("x", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		c := ParseCommand(in, "/shared")
		if c.Name != strings.ToLower(c.Name) {
			t.Fatalf("name %q not lower-case", c.Name)
		}
		for i, a := range c.Args {
			if !utf8.ValidString(a.Text) {
				t.Fatalf("arg %d not UTF-8: %q", i, a.Text)
			}
			if strings.TrimSpace(a.Text) != a.Text && !strings.ContainsAny(in, `"“`) {
				t.Fatalf("unquoted arg %d has surrounding space: %q", i, a.Text)
			}
			rest := c.Rest(i)
			if !utf8.ValidString(rest) {
				t.Fatalf("Rest(%d) not UTF-8", i)
			}
			if i < len(c.Args)-1 && !strings.Contains(rest, c.Args[len(c.Args)-1].Text) {
				t.Fatalf("Rest(%d) = %q lost the last argument %q", i, rest, c.Args[len(c.Args)-1].Text)
			}
		}
		if c.Rest(len(c.Args)) != "" {
			t.Fatal("Rest past the end is not empty")
		}
	})
}

// A search that is wholly one quoted phrase keeps its quotes: typed in chat
// or sent by Discord's option, `"shared services"` is a phrase, not two words.
func TestSearchOfOneQuotedPhraseIsAPhrase(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	if err := f.store.AddStories(ctx, []digest.Story{
		{URL: "https://example.org/hq", Headline: "Emergency services' shared headquarters opens",
			Summary: "Police and fire move in together.", Sector: "blue-light", State: digest.StateApproved},
		{URL: "https://example.org/deal", Headline: "Two councils sign a shared services deal",
			Summary: "Back-office work is pooled.", Sector: "local-government", State: digest.StateApproved},
	}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`"shared services"`, `“shared services”`} {
		list, ok := f.say(member, "search "+q).Body.(StoryList)
		if !ok {
			t.Fatalf("search %s: want a story list", q)
		}
		if len(list.Items) != 1 || list.Items[0].Story.Headline != "Two councils sign a shared services deal" {
			var got []string
			for _, it := range list.Items {
				got = append(got, it.Story.Headline)
			}
			t.Errorf("search %s found %q, want only the story with the phrase", q, got)
		}
	}
}

// A story a search found through its commentary alone shows, in the list,
// the sentence that matched in place of the commentary's opening.
func TestSearchListShowsTheWordsThatMatched(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	if err := f.store.AddStories(ctx, []digest.Story{
		{URL: "https://example.org/fire", Headline: "Fire deaths fall", Summary: "Official figures.",
			Commentary: "I taught a leadership day.\n\nOne of the deputy chiefs disagreed.", Sector: "blue-light", State: digest.StateApproved},
	}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"deputy chiefs": "One of the deputy chiefs disagreed.",
		"fire deaths":   "I taught a leadership day.\n\nOne of the deputy chiefs disagreed.",
	} {
		list, ok := f.say(member, "search "+q).Body.(StoryList)
		if !ok || len(list.Items) != 1 {
			t.Fatalf("search %s: want a list of one story", q)
		}
		if got := list.Items[0].Commentary(); got != want {
			t.Errorf("search %s: commentary shown %q, want %q", q, got, want)
		}
	}
}
