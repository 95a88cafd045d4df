package bot

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/config"
)

// TestSubmitNoteIsNotTakenForASector: the words after a submitted link are
// a sector only when they name one; a note that merely starts like a
// sector's name ("in my view" → International, "Leader of the council" →
// Collaborative Leadership, "He said" → the alias "he") was filed under
// that sector and lost its first word. The start of a name still works
// alone, and an alias in capitals before a note.
func TestSubmitNoteIsNotTakenForASector(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.Submissions.PerUserPerHour = 100 })
	queued := regexp.MustCompile(`#(\d+)`)
	for i, c := range []struct{ rest, sector, note string }{
		{"in my view this matters", "", "in my view this matters"},
		{"Leader of the council resigns", "", "Leader of the council resigns"},
		{"He said it was good", "", "He said it was good"},
		{"hous prices rise", "", "hous prices rise"},
		{"HE funding cut", "education", "funding cut"},
		{"health Good read", "health", "Good read"},
		{"Health & Social Care, worth a look", "health", "worth a look"},
		{"leaders worth a look", "leadership", "worth a look"},
		{"local Good read", "local-government", "Good read"},
		{"blue Fire and police share a control room", "blue-light", "Fire and police share a control room"},
		{"heal", "health", ""},
		{"he", "education", ""},
	} {
		r := f.say(member, fmt.Sprintf("submit http://127.0.0.1:1/s%d %s", i, c.rest))
		m := queued.FindStringSubmatch(text(r))
		if m == nil {
			t.Errorf("submit URL %s: %s", c.rest, text(r))
			continue
		}
		id, _ := strconv.ParseInt(m[1], 10, 64)
		s, err := f.store.Story(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if s.SubmitNote != c.note || (c.sector != "" && s.Sector != c.sector) {
			t.Errorf("submit URL %s: sector %q, note %q; want %q, %q", c.rest, s.Sector, s.SubmitNote, c.sector, c.note)
		}
	}
}

// TestSubmitSectorSlugOfManyWords: a sector typed as its slug reads, word
// by word ("net zero and climate adaptation"), is the sector, even when its
// slug has more words than any name: the run of words tried was counted by
// names' spaces only, so the slug's first word was taken for the sector and
// the rest of the slug for the note.
func TestSubmitSectorSlugOfManyWords(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Sectors = append(c.Sectors, config.Sector{Slug: "net-zero-and-climate-adaptation", Name: "Climate"})
	})
	r := f.say(member, "submit http://127.0.0.1:1/climate net zero and climate adaptation worth a look")
	m := regexp.MustCompile(`#(\d+)`).FindStringSubmatch(text(r))
	if m == nil {
		t.Fatalf("submit: %s", text(r))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	s, err := f.store.Story(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if s.Sector != "net-zero-and-climate-adaptation" || s.SubmitNote != "worth a look" {
		t.Errorf("sector %q, note %q; want net-zero-and-climate-adaptation, %q", s.Sector, s.SubmitNote, "worth a look")
	}
}

// TestSubmitWithoutSchemeOffersIt: a link typed without https:// (Discord
// and the console pass "www.bbc.co.uk/news" as typed; Slack links it
// itself) was refused with "Only http and https links can be submitted.",
// which a member who thinks they pasted a link cannot act on. The refusal
// now offers the link with https://, and nothing is queued; a word that is
// no host is refused as before.
func TestSubmitWithoutSchemeOffersIt(t *testing.T) {
	f := newFixture(t, nil)
	wantSubmitsRefused(t, f, map[string]string{
		"www.bbc.co.uk/news":        "Only http and https links can be submitted. Did you mean `https://www.bbc.co.uk/news`?",
		"(www.example.org/a?b=1).":  "Only http and https links can be submitted. Did you mean `https://www.example.org/a?b=1`?",
		"notaurl":                   "Only http and https links can be submitted.",
		"e.g. this one":             "Only http and https links can be submitted.",
		"192.0.2.7/news":            "Only http and https links can be submitted. Did you mean `https://192.0.2.7/news`?",
		"1.2.3.256/news":            "Only http and https links can be submitted.",
		"No.10 says":                "Only http and https links can be submitted.",
		"192.168.1.20/news":         "Only http and https links can be submitted. Did you mean `https://192.168.1.20/news`?",
		"javascript:alert(1)":       "Only http and https links can be submitted.",
		"ftp://files.example.org/a": "Only http and https links can be submitted.",
		"mailto:editor@example.org": "Only http and https links can be submitted.",
	})
}

// TestSubmitLinkWithASpaceInIt: a link pasted with a space in its site
// name ("https://exa mple.org/", from a PDF or a wrapped email) was queued
// as "https://exa/", a site that does not exist, with "mple.org/" as the
// note. Now it is refused, offering the link joined, and nothing is
// queued; a dotless site followed by a word that makes no domain is taken
// as before, as are localhost and an IP address with a note.
func TestSubmitLinkWithASpaceInIt(t *testing.T) {
	f := newFixture(t, nil)
	wantSubmitsRefused(t, f, map[string]string{
		"https://exa mple.org/":                  "That link seems to have a space in it: did you mean `https://example.org/`? Submit it again without the space.",
		"https://lgaf ederation.org.uk/news/a-1": "That link seems to have a space in it: did you mean `https://lgafederation.org.uk/news/a-1`? Submit it again without the space.",
	})
	for _, typed := range []string{"http://intranet worth a look", "http://localhost:8080/a b.org", "http://[::1]/ x.org"} {
		if r := f.say(member, "submit "+typed); tone(r) == Problem && strings.Contains(text(r), "space") {
			t.Errorf("submit %s: %q", typed, text(r))
		}
	}
}

// wantSubmitsRefused submits each link typed and wants the refusal given
// for it, and nothing queued.
func wantSubmitsRefused(t *testing.T, f *fixture, refusals map[string]string) {
	t.Helper()
	for typed, want := range refusals {
		r := f.say(member, "submit "+typed)
		if tone(r) != Problem || text(r) != want {
			t.Errorf("submit %s: %q (%v), want %q", typed, text(r), tone(r), want)
		}
	}
	if n, _ := f.store.QueueSize(context.Background()); n != 0 {
		t.Fatalf("refused links were queued: %d", n)
	}
}
