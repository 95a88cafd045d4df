package email_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/email/smtptest"
)

// TestMailAfterRenumberingLinksTheNewNumber: an edition renumbered while
// it is being mailed (an older one imported beside `run`) is mailed from
// then on with a link to its page under its new number, not to the page
// that number now shows, another edition.
func TestMailAfterRenumberingLinksTheNewNumber(t *testing.T) {
	f := newFixture(t, smtptest.Options{})
	f.importReaders("first@example.org", "second@example.org")
	e := digest.Edition{ID: 7, Number: 5, State: digest.EditionPublished, Date: time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC),
		Title: "News Summary of Collaboration and Shared Services from 19th November 2026",
		Sections: []digest.Section{{Sector: f.sectors[0], Stories: []digest.Story{{URL: "https://example.org/a",
			Headline: "Two councils share a chief executive", Summary: "They expect to save £1m.", Sector: f.sectors[0].Slug}}}}}
	if m := f.postEdition(e, "first@example.org"); !strings.Contains(string(m.Data), "https://news.council.example/editions/5") {
		t.Fatalf("the first mail does not link edition 5")
	}
	e.Number = 6 // an older edition was imported
	m := f.postEdition(e, "second@example.org")
	if data := string(m.Data); !strings.Contains(data, "https://news.council.example/editions/6") || strings.Contains(data, "/editions/5") {
		t.Errorf("the mail after renumbering does not link the edition's page, /editions/6")
	}
}
