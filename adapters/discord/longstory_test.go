package discord

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/digest"
)

// scaledDigest is the newsletter of 10 July 2014 (shared/testdata/digests)
// with every story k times its size: its commentary, summary and the text
// after it each repeated k times, as an imported back catalogue may hold
// (an imported story's text has no limit). Each story is linked and named
// by its source, and starts and ends with a word of its own so that a test
// can find where it is posted.
func scaledDigest(t *testing.T, k int) digest.Edition {
	t.Helper()
	f, err := os.Open("../../../shared/testdata/digests/2014-07-10-newsletter.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	eds, err := archive.Parser{Sectors: testSectors()}.Parse(f.Name(), f)
	if err != nil || len(eds) != 1 {
		t.Fatalf("parse: %d editions, %v", len(eds), err)
	}
	e := eds[0].Edition()
	e.Number, e.State = 4, digest.EditionPublished
	repeat := func(s string) string {
		if s == "" {
			return ""
		}
		return strings.TrimSpace(strings.Repeat(s+" ", k))
	}
	n := 0
	scale := func(stories []digest.Story) {
		for i := range stories {
			n++
			st := &stories[i]
			st.ID = int64(n)
			st.URL = fmt.Sprintf("https://www.example.org/news/%d", n)
			st.Source = "Local Government Chronicle"
			st.Commentary = fmt.Sprintf("Storystart%d %s", n, repeat(st.Commentary))
			st.Summary = repeat(st.Summary)
			st.Afterword = strings.TrimSpace(repeat(st.Afterword) + fmt.Sprintf(" Storyend%d", n))
		}
	}
	scale(e.Lead)
	for i := range e.Sections {
		scale(e.Sections[i].Stories)
	}
	return e
}

// words are the words of s as a reader sees them: markdown's escapes,
// emphasis and link targets left out.
func words(s string) []string {
	s = regexp.MustCompile(`\]\([^)\s]*\)`).ReplaceAllString(s, "]")
	return regexp.MustCompile(`[\pL\pN£%]+`).FindAllString(s, -1)
}

// TestLongStoriesAreShownWhole: the real newsletter's stories at 2, 10 and
// 50 times their size are posted with every word of their commentary,
// headline, summary, source and afterword, in order, within Discord's
// limits; a story that fits one message is posted in one message, and one
// longer than a message continues in the next ones.
func TestLongStoriesAreShownWhole(t *testing.T) {
	for _, k := range []int{1, 2, 10, 50} {
		e := scaledDigest(t, k)
		ps := EditionPayloads(e)
		checkPayloads(t, ps)
		var posted []string
		messageOf := map[string]int{}
		for i, p := range ps {
			for _, w := range words(strings.Join(payloadTexts(p), "\n")) {
				posted = append(posted, w)
				if strings.HasPrefix(w, "Story") {
					messageOf[w] = i
				}
			}
		}
		var want []string
		for i, st := range e.Stories() {
			o := st.Outline()
			for _, part := range [][]digest.Paragraph{o.Commentary, {{o.Headline}}, o.Summary, {{"Source: " + o.Source}}, o.Afterword} {
				for _, p := range part {
					want = append(want, words(p.Text())...)
				}
			}
			text := digest.RenderText(digest.Edition{Sections: []digest.Section{{Stories: []digest.Story{st}}}})
			start, end := fmt.Sprintf("Storystart%d", i+1), fmt.Sprintf("Storyend%d", i+1)
			if fits := length(text) < maxEmbedCharacters-2*maxEmbedTitle; fits && messageOf[start] != messageOf[end] {
				t.Errorf("%d×: story %d (%d characters) is split between messages %d and %d", k, i+1, length(text), messageOf[start]+1, messageOf[end]+1)
			}
		}
		if missing := notInOrder(want, posted); missing != "" {
			t.Errorf("%d×: the stories' words are not all posted, in order: %s", k, missing)
		}
	}
}

// notInOrder says where want stops being a subsequence of got, or "".
func notInOrder(want, got []string) string {
	j := 0
	for i, w := range want {
		for j < len(got) && got[j] != w {
			j++
		}
		if j == len(got) {
			return fmt.Sprintf("%q (word %d of %d) and after it are missing; before it: %q", w, i+1, len(want), strings.Join(want[max(0, i-8):i], " "))
		}
		j++
	}
	return ""
}

// TestStoryLongerThanAnEmbedStartsAMessage: a story too long for one embed
// but short enough for one message is posted in one message, even when
// what comes before it leaves too little room in the current one.
func TestStoryLongerThanAnEmbedStartsAMessage(t *testing.T) {
	e := scaledDigest(t, 1)
	sec := &e.Sections[0]
	if len(sec.Stories) < 2 {
		t.Fatalf("section %q has %d stories", sec.Heading, len(sec.Stories))
	}
	long := &sec.Stories[1]
	for length(long.Summary) < 4500 {
		long.Summary += " " + sec.Stories[0].Summary
	}
	ps := EditionPayloads(e)
	checkPayloads(t, ps)
	start, end := -1, -1
	for i, p := range ps {
		text := strings.Join(payloadTexts(p), "\n")
		if strings.Contains(text, "Storystart2 ") {
			start = i
		}
		if strings.Contains(text, "Storyend2") {
			end = i
		}
	}
	if start < 0 || start != end {
		t.Errorf("the story of %d characters starts in message %d and ends in message %d", length(long.Summary), start+1, end+1)
	}
}
