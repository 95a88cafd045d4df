package bot

import (
	"net/url"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/store/storetest"
)

// safeLinks is link as Outlook's Safe Links wraps it in a mail to a reader.
func safeLinks(link string) string {
	return "https://eur01.safelinks.protection.outlook.com/?url=" + url.QueryEscape(link) +
		"&data=05%7C02%7Cana%40council.gov.uk%7C&sdata=abc%3D&reserved=0"
}

// TestSubmitOfALinkStoredUnderOlderRules: a release before stored a
// member's link in the form its rules gave it: a link pasted from a mail
// as Outlook's Safe Links wrapper, a feed's "?ref=rss". The same page
// submitted today, its link unwrapped and cleaned, was queued again as a
// second story, and a search for it found nothing. It is the story
// stored before now: the member is told so as for any known link, a
// search for the link finds it, and the story keeps its link.
func TestSubmitOfALinkStoredUnderOlderRules(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	for _, link := range []string{page.URL + "/story", page.URL + "/other"} {
		if r := f.say(member, "submit "+link+" health"); tone(r) != Success {
			t.Fatalf("submit: %q", text(r))
		}
	}
	if r := f.say(editor, "approve 1"); tone(r) != Success {
		t.Fatalf("approve: %q", text(r))
	}
	path := f.bot.cfg.Bot.Database
	f.store.Close()
	wrapped := "https://eur01.safelinks.protection.outlook.com/?data=05%7C02%7Cana%40council.gov.uk&reserved=0&url=" + url.QueryEscape(page.URL+"/story")
	storetest.StoredByAnOlderRelease(t, path, storetest.OlderRelease{Links: map[int64]string{1: wrapped, 2: page.URL + "/other?ref=rss"}})

	f = newFixture(t, func(c *config.Config) { c.Bot.Database = path })
	if r := f.say(member, "submit "+page.URL+"/other"); tone(r) != Problem || !strings.Contains(text(r), "Already in the queue as #2, submitted by @ana on") {
		t.Errorf("a queued story's link of today: %q", text(r))
	}
	if r := f.say(member, "submit "+page.URL+"/story"); tone(r) != Problem || !strings.Contains(text(r), "Already approved for the next edition as #1, submitted by @ana on") {
		t.Errorf("an approved story's link of today: %q", text(r))
	}
	if r := f.say(member, "search "+page.URL+"/story"); !listed(r, 1) {
		t.Errorf("a search for the link of today: %+v", r.Body)
	}
	if st, err := f.store.Story(t.Context(), 1); err != nil || st.URL != wrapped {
		t.Errorf("story #1 shows %q, %v; want the link it was stored with", st.URL, err)
	}
}

// TestSubmitOfAWrappedLinkIsItsStory: a story stored under the page's
// own link, then the same page submitted as a mail or a search gave it
// (Outlook's Safe Links, Google's redirect) is a duplicate of it, not a
// second story.
func TestSubmitOfAWrappedLinkIsItsStory(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/story health"); tone(r) != Success {
		t.Fatalf("submit: %q", text(r))
	}
	for _, wrapped := range []string{safeLinks(page.URL + "/story"), "https://www.google.co.uk/url?sa=t&url=" + url.QueryEscape(page.URL+"/story?utm_source=email") + "&usg=AOv"} {
		if r := f.say(member, "submit "+wrapped); tone(r) != Problem || !strings.Contains(text(r), "Already in the queue as #1, submitted by @ana on") {
			t.Errorf("%s: %q", wrapped, text(r))
		}
	}
}
