package digest

import (
	"fmt"
	"strings"
	"testing"
)

// plainChat is a chat markup for tests: "<" escaped as "&lt;", bold
// "**", italics "_", links "[text](url)", boxes of max.
func plainChat(max int) ChatMarkup {
	return ChatMarkup{
		Escape: func(s string) string { return strings.ReplaceAll(s, "<", "&lt;") },
		Bold:   [2]string{"**", "**"}, Italic: [2]string{"_", "_"},
		Link: func(rawURL, text string) string {
			if u := LinkURL(rawURL, ""); u != "" {
				return "[" + text + "](" + u + ")"
			}
			return text
		},
		Max: max, Room: 40,
		Back: func(cut string) string {
			if amp := strings.LastIndexByte(cut, '&'); amp > strings.LastIndexByte(cut, ';') {
				return cut[:amp]
			}
			return cut
		},
	}
}

// TestChatLaysAnEditionOutOnce: the parts chat shows, in order, with what
// is in italics, bold or linked decided here for every platform: the
// intro's paragraphs and an empty edition's notice, the lead stories as a
// section without a heading, then the sections, then the footer.
func TestChatLaysAnEditionOutOnce(t *testing.T) {
	e := Edition{Title: "Weekly", Intro: "One.\n\nTwo <b>.", Footer: "Bye.",
		Lead: []Story{{Headline: "Lead", URL: "https://example.org/l", Summary: "S.", Source: "BBC", Commentary: "Look:\nhere", Afterword: "PS"}},
		Sections: []Section{{Sector: Sector{Slug: "health", Name: "Health"}, Text: "About health.",
			Stories: []Story{{Headline: "H", URL: "javascript:x"}}}}}
	c := e.Outline().Chat(plainChat(3000))
	if !c.Draft || c.Title != "Weekly" || strings.Join(c.Intro, "|") != "One.\n\nTwo &lt;b>." {
		t.Errorf("head: %+v", c)
	}
	if len(c.Sections) != 2 || c.Sections[0].Heading != "" || c.Sections[1].Heading != "Health" || c.Sections[1].Sector != "health" {
		t.Fatalf("sections: %+v", c.Sections)
	}
	want := "_Look:_\n_here_\n**[Lead](https://example.org/l)**\nS. [Read more >>>](https://example.org/l)\nSource: BBC\n_PS_"
	if got := c.Sections[0].Stories; len(got) != 1 || len(got[0]) != 1 || got[0][0] != want {
		t.Errorf("lead story:\n%q\nwant\n%q", got, want)
	}
	if got := c.Sections[1]; strings.Join(got.Text, "|") != "About health." || got.Stories[0][0] != "**H**" {
		t.Errorf("section: %+v", got)
	}
	// A section's text and stories share a box where they fit one.
	if boxes, _ := plainChat(3000).SectionBoxes(c.Sections[1]); strings.Join(boxes, "|") != "About health.\n\n**H**" {
		t.Errorf("section's boxes: %q", boxes)
	}
	if strings.Join(c.Footer, "|") != "Bye." {
		t.Errorf("footer: %q", c.Footer)
	}
	empty := Edition{Title: "Weekly"}.Outline().Chat(plainChat(3000))
	if strings.Join(empty.Intro, "|") != "_"+EmptyNotice+"_" || len(empty.Sections) != 0 {
		t.Errorf("an edition without stories: %+v", empty)
	}
}

// TestChatSplitsWithinABox: a paragraph or a story longer than a box
// continues in the next, between words, each part passed through
// Continue, with room kept for what it adds; a word of up to half a box
// stays whole, and no part is cut inside an entity.
func TestChatSplitsWithinABox(t *testing.T) {
	m := plainChat(100)
	m.Continue = func(s string) string { return ">" + s }
	paras := m.Paragraphs([]Paragraph{{strings.TrimSpace(strings.Repeat("word ", 50))}})
	if len(paras) < 3 || paras[0][0] == '>' || paras[1][0] != '>' {
		t.Errorf("paragraph parts: %q", paras)
	}
	for _, p := range paras {
		if UTF16Len(p) > m.Max {
			t.Errorf("a part of %d characters: %q", UTF16Len(p), p)
		}
	}
	long := strings.Repeat("a", 45)
	st := Story{Headline: "H", Summary: strings.Repeat("x&lt;y ", 20) + long + " end"}.Outline()
	blocks := m.Story(st)
	all := strings.Join(blocks, "\n")
	if !strings.Contains(all, long) || !strings.Contains(all, "end") || len(blocks) < 2 {
		t.Errorf("story parts: %q", blocks)
	}
	for _, b := range blocks {
		if UTF16Len(b) > m.Max || strings.Contains(b, "&lt\n") || strings.HasSuffix(b, "&lt") {
			t.Errorf("a part of %d characters, or cut in an entity: %q", UTF16Len(b), b)
		}
	}
}

// TestChatBoxes: pieces share boxes, a blank line between them, as many as
// fit; a story in several pieces has a box for each, each after the first
// joined to the one before it.
func TestChatBoxes(t *testing.T) {
	boxes, joined := plainChat(10).Boxes([][]string{{"aaa"}, {"bbb"}, {"cccc", "dd"}, {"e"}})
	if strings.Join(boxes, "|") != "aaa\n\nbbb|cccc|dd|e" || fmt.Sprint(joined) != "[false false true false]" {
		t.Errorf("boxes %q, joined %v", boxes, joined)
	}
}

// ChatJSON prints a platform's messages for people to read: indented two
// spaces, and "<", ">" and "&" as they are (Slack's <url|label> links),
// not escaped as JSON for HTML would have them.
func TestChatJSONIsForPeopleToRead(t *testing.T) {
	got, err := ChatJSON("Slack", []map[string]string{{"text": "<https://example.org/?a=1&b=2|Trusts merge>"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "[\n  {\n    \"text\": \"<https://example.org/?a=1&b=2|Trusts merge>\"\n  }\n]\n"
	if string(got) != want {
		t.Errorf("ChatJSON = %q, want %q", got, want)
	}
	if _, err := ChatJSON("Discord", func() {}); err == nil || !strings.Contains(err.Error(), "Discord") {
		t.Errorf("a value JSON cannot hold: %v, want an error naming the platform", err)
	}
}

// TestChatSplitsAtSplitRoomByDefault: a markup that names no Room splits a
// story's line longer than a box as one naming SplitRoom does, as Slack and
// Discord both split theirs.
func TestChatSplitsAtSplitRoomByDefault(t *testing.T) {
	story := StoryOutline{Name: "H", Summary: []Paragraph{{strings.Repeat("word ", 400)}}} // 2,000 characters
	unnamed, named := plainChat(1000), plainChat(1000)
	unnamed.Room, named.Room = 0, SplitRoom
	got, want := unnamed.Story(story), named.Story(story)
	if strings.Join(got, "|") != strings.Join(want, "|") || len(want) < 2 {
		t.Errorf("with no Room, %d boxes:\n%q\nwant %d:\n%q", len(got), got, len(want), want)
	}
}
