package slack

import (
	"strings"
	"testing"
)

// TestSubmittedLinkLosesTheSentencesPunctuation: typed in a sentence,
// "/shared submit https://…/story, a good read" or "… (https://…/story)"
// carries punctuation that belongs to the sentence, not the link (Slack
// sends the command's text as typed). It is left off, as Slack's own link
// detection leaves it off, so the page is read, the link opens, and the
// same story submitted bare is a duplicate; brackets that belong to the
// link ("…/Fire_(UK)") stay.
func TestSubmittedLinkLosesTheSentencesPunctuation(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Councils merge", "Summary", "LocalGov")
	for _, c := range []struct{ typed, url, note string }{
		{page.URL + "/a, a good read", page.URL + "/a", "a good read"},
		{page.URL + "/b.", page.URL + "/b", ""},
		{"(" + page.URL + "/c) worth a look", page.URL + "/c", "worth a look"},
		{page.URL + "/d?id=7! Wow", page.URL + "/d?id=7", "Wow"},
		{"“" + page.URL + "/e”", page.URL + "/e", ""},
		{page.URL + "/wiki/Fire_(UK)", page.URL + "/wiki/Fire_(UK)", ""},
		{page.URL + "/wiki/Police_(UK)).", page.URL + "/wiki/Police_(UK)", ""},
	} {
		id, _ := f.submit(c.typed, "")
		s := f.story(id)
		if s.URL != c.url || s.SubmitNote != c.note {
			t.Errorf("submit %s: stored %q with note %q; want %q, %q", c.typed, s.URL, s.SubmitNote, c.url, c.note)
		}
	}
	if ans := allText(f.command(memberID, "submit "+page.URL+"/a")); !strings.Contains(ans, "Already in the queue") {
		t.Errorf("the bare link of a story submitted with a comma: %s", ans)
	}
}
