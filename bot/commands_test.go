package bot

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestCommandTableAdvertisesTheLimitsTheRouterApplies types, for every
// free-text argument the table advertises a limit for, exactly that many
// characters (accepted) and one more (refused): a platform that enforces
// the table's limits as people type (Discord) never lets through text the
// router then refuses for its length, nor stops text it would take. A
// search takes a pasted link as long as a link may be, so its longest
// accepted text is a link; longer words get the search's own sentence.
func TestCommandTableAdvertisesTheLimitsTheRouterApplies(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	f.say(member, "submit "+page.URL+"/a")
	lead := map[string]string{"search": "search ", "intro": "intro ", "note": "note 1 ", "reject": "reject 1 "}
	checked := 0
	for _, c := range f.bot.Commands() {
		for _, p := range c.Params {
			prefix, ok := lead[c.Name]
			if p.Kind != ParamText || !ok {
				continue
			}
			checked++
			if r := f.say(editor, prefix+strings.Repeat("x", p.Max+1)); tone(r) != Problem || !strings.Contains(text(r), "at most") {
				t.Errorf("%s %s: %d characters not refused: %q", c.Name, p.Name, p.Max+1, text(r))
			}
			if c.Name == "reject" {
				continue // accepting it would decide the story for the other cases
			}
			longest := strings.Repeat("x", p.Max)
			if c.Name == "search" {
				link := "https://news.example.org/"
				longest = link + strings.Repeat("x", digest.MaxURLLength-len(link))
				if p.Max < len(longest) {
					t.Errorf("search %s: at most %d characters, but a link may have %d", p.Name, p.Max, len(longest))
				}
			}
			if r := f.say(editor, prefix+longest); strings.Contains(text(r), "at most") {
				t.Errorf("%s %s: %d characters refused: %q", c.Name, p.Name, p.Max, text(r))
			}
		}
	}
	if checked != len(lead) {
		t.Errorf("checked %d arguments, want %d", checked, len(lead))
	}
}

// TestCompletions: a member typing into a sector argument is offered the
// argument's other words and the sectors that match, or all of them when
// nothing does; a later option of a repeated argument takes sectors only.
func TestCompletions(t *testing.T) {
	b := newFixture(t, nil).bot
	slugs := func(ss digest.Sectors) []string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Slug)
		}
		return out
	}
	words, sectors := b.Completions("order", "sector", " RES ")
	if len(words) != 1 || words[0] != "reset" {
		t.Errorf("order's words for \"RES\" = %q, want [reset]", words)
	}
	for _, s := range sectors {
		if len(digest.Sectors{s}.Containing("res")) == 0 {
			t.Errorf("sector %q offered for \"RES\"", s.Slug)
		}
	}
	words, sectors = b.Completions("order", "sector", "health")
	if len(words) != 0 || !slices.Contains(slugs(sectors), "health") {
		t.Errorf("order for \"health\" = %q, %q; want no words and health", words, slugs(sectors))
	}
	words, sectors = b.Completions("order", "sector2", "")
	if len(words) != 0 || len(sectors) != len(b.Sectors()) {
		t.Errorf("order's second option = %q and %d sectors, want no words and all %d", words, len(sectors), len(b.Sectors()))
	}
	words, sectors = b.Completions("order", "sector", "zzz")
	if !slices.Equal(words, []string{"reset"}) || len(sectors) != len(b.Sectors()) {
		t.Errorf("order for \"zzz\" = %q and %d sectors, want everything", words, len(sectors))
	}
	words, sectors = b.Completions("approve", "sector", "zzz")
	if len(words) != 0 || len(sectors) != len(b.Sectors()) {
		t.Errorf("approve for \"zzz\" = %q and %d sectors, want all the sectors", words, len(sectors))
	}
}

// TestParagraphArguments: the arguments read as the editor's paragraphs
// (Param.Paragraphs, which a platform may ask for in a form) are free text,
// and they are those of the commands whose summary says "\n starts a new
// paragraph": intro and note.
func TestParagraphArguments(t *testing.T) {
	var got []string
	for _, c := range commandTable() {
		says := strings.Contains(c.Summary, `\n starts a new paragraph`)
		n := 0
		for _, p := range c.Params {
			if !p.Paragraphs {
				continue
			}
			n++
			got = append(got, c.Name+" "+p.Name)
			if p.Kind != ParamText {
				t.Errorf("%s %s is paragraphs but not free text", c.Name, p.Name)
			}
		}
		if says != (n == 1) {
			t.Errorf("%s: summary %q, %d arguments of paragraphs", c.Name, c.Summary, n)
		}
	}
	if want := []string{"note text", "intro text"}; !slices.Equal(got, want) {
		t.Errorf("arguments of paragraphs = %q, want %q", got, want)
	}
}

// TestCommandDescriptionMarksEditorsCommands: a command's line in a list
// to pick from (Discord's picker) is marked with the word help puts over
// the editors' commands when only editors may use it (it was Discord's own
// "Editors: "); the others, channel admins' too, start with a capital.
func TestCommandDescriptionMarksEditorsCommands(t *testing.T) {
	f := newFixture(t, nil)
	heading := HelpView{Entries: []HelpEntry{{Usage: "/shared approve ID", EditorOnly: true}}}.Outline(nil).Groups[1].Heading
	editorsOnly := map[string]bool{"approve": true, "news": false, "subscribe": false}
	for _, c := range f.bot.Commands() {
		only, ok := editorsOnly[c.Name]
		if !ok {
			continue
		}
		delete(editorsOnly, c.Name)
		want := digest.UpperFirst(c.Summary)
		if only {
			want = "Editors: " + c.Summary
		}
		if got := c.Description(); got != want || want == c.Summary {
			t.Errorf("%s: description %q, want %q", c.Name, got, want)
		}
	}
	if len(editorsOnly) > 0 {
		t.Errorf("commands not in the table: %v", editorsOnly)
	}
	if heading != "Editors" {
		t.Errorf("help puts the editors' commands under %q, not the word that marks them", heading)
	}
}

// TestOptions: a command's arguments as named options. Text that takes
// paragraphs is optional, its description saying a form asks for it; a
// sector list is offered once per sector, the later ones marked and
// described as such, within the most options a command may have.
func TestOptions(t *testing.T) {
	spec := func(name string) CommandSpec {
		for _, c := range commandTable() {
			if c.Name == name {
				return *c
			}
		}
		t.Fatalf("no command %q", name)
		return CommandSpec{}
	}
	names := func(opts []Option) string {
		var out []string
		for _, o := range opts {
			out = append(out, fmt.Sprintf("%s:%v:%v", o.Name, o.Required, o.Later))
		}
		return strings.Join(out, " ")
	}
	intro := spec("intro").Options(10, 25)
	if got := names(intro); got != "text:false:false" ||
		intro[0].Description != "The intro (leave out to write it in a form, with paragraphs)" {
		t.Errorf("intro's options: %s, %q", got, intro[0].Description)
	}
	if got := names(spec("order").Options(4, 25)); got != "sector:true:false sector2:false:true sector3:false:true sector4:false:true" {
		t.Errorf("order's options with 4 sectors: %s", got)
	}
	if got := spec("order").Options(4, 25)[1]; got.Description != "Then this one" || got.Kind != ParamSector || got.Repeats || got.Choices != nil {
		t.Errorf("order's second option: %+v", got)
	}
	if got := len(spec("subscribe").Options(40, 25)); got != 25 {
		t.Errorf("subscribe with 40 sectors: %d options, want 25", got)
	}
	if got := names(spec("approve").Options(10, 25)); got != "id:true:false sector:false:false" {
		t.Errorf("approve's options: %s", got)
	}
}
