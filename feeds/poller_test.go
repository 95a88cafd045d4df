package feeds

import (
	"context"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// malformed are the shared test feeds that cannot be read, and the reason
// each must fail with.
var malformed = map[string]string{
	"malformed-html-page-not-a-feed.html":       "not a feed: the server sent an HTML page (the page links to a feed at http://inessential.com/xml/rss.xml)",
	"malformed-truncated-jsonfeed-allthis.json": "truncated JSON at line 2: the feed ends in the middle; it was cut short after 2 entries, which were read",
	"malformed-truncated-reuters.xml":           "truncated XML at line 19",
}

// cleanTextViolation finds what clean text must not contain.
var cleanTextViolation = regexp.MustCompile(`<[a-zA-Z/!?]|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[\x00-\x1f]`)

// plainTextViolation is cleanTextViolation for text its feed declares
// plain, in which "<b>" is what the author wrote, not markup.
var plainTextViolation = regexp.MustCompile(`&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[\x00-\x1f]`)

// tagsAsWords are the stories of the shared feeds whose text writes tag
// names as words, in a format where it is plain text: a JSON Feed title
// and summary ("Die Rückkehr von <i> und <b>"; JSON Feed 1.1: "the only
// place HTML is allowed in this format is in content_html").
var tagsAsWords = map[string]bool{"https://journal.3960.org/posts/2019-05-08-rueckkehr-von-b-und-i/": true}

// pollTestdata serves every shared test feed and polls them all at once.
func pollTestdata(t *testing.T) (*store.Store, *Poller, *feedServer, []Result) {
	t.Helper()
	entries, err := os.ReadDir(testdataDir)
	if err != nil {
		t.Fatal(err)
	}
	fs := newFeedServer(t)
	var sources []config.FeedSource
	for _, e := range entries {
		sources = append(sources, src(fs.serveFile(t, e.Name())))
	}
	if len(sources) < 30 {
		t.Fatalf("only %d test feeds in %s", len(sources), testdataDir)
	}
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(sources...))
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st, p, fs, results
}

// TestPollEveryTestdataFeed polls every shared test feed twice: the first
// poll stores sensible stories from each well-formed feed while each
// malformed one fails alone; the second is answered 304 and stores nothing.
// (One test, because storing the 1,700 stories is slow under -race.)
func TestPollEveryTestdataFeed(t *testing.T) {
	st, p, fs, first := pollTestdata(t)
	t.Run("first poll", func(t *testing.T) { checkFirstPoll(t, st, fs, first) })
	t.Run("second poll", func(t *testing.T) { checkSecondPoll(t, st, p, fs, first) })
}

func checkFirstPoll(t *testing.T, st *store.Store, fs *feedServer, results []Result) {
	for _, r := range results {
		name := r.Source.Name
		if want, bad := malformed[name]; bad {
			if r.Status != StatusFailed || !strings.Contains(r.Reason, want) {
				t.Errorf("%s: %s (%q), want failed with %q", name, r.Status, r.Reason, want)
			}
			continue
		}
		if r.Status != StatusFetched || r.New == 0 || r.Skipped != 0 {
			t.Errorf("%s: %s, %d new, %d skipped, %q", name, r.Status, r.New, r.Skipped, r.Reason)
		}
		if r.Queued != r.New {
			t.Errorf("%s: %d queued of %d new without filters", name, r.Queued, r.New)
		}
	}
	if !fs.agents[config.Default().Feeds.UserAgent] || len(fs.agents) != 1 {
		t.Errorf("user agents sent: %v", fs.agents)
	}

	bySource := map[string][]digest.Story{}
	for _, s := range allStories(t, st) {
		bySource[s.Source] = append(bySource[s.Source], s)
		checkStory(t, s)
	}
	for _, r := range results {
		if got := len(bySource[r.Source.Name]); got != r.New {
			t.Errorf("%s: %d stories stored, result says %d", r.Source.Name, got, r.New)
		}
	}
	for file, check := range map[string]func(digest.Story) bool{
		// Relative links with no xml:base resolve against the channel link.
		"rss2-ft-uk-relative-links.xml": func(s digest.Story) bool { return strings.HasPrefix(s.URL, "https://www.ft.com/content/") },
		// BBC's tracking parameters are gone.
		"rss2-bbc-news-world.xml": func(s digest.Story) bool {
			return strings.HasPrefix(s.URL, "https://www.bbc.co.uk/news/") && !strings.Contains(s.URL, "at_")
		},
		// FeedBurner's proxy links give way to the original links.
		"atom-feedburner-xhtml-xml-base.xml":      func(s digest.Story) bool { return strings.HasPrefix(s.URL, "http://www.rotoauthority.com/2014/") },
		"rss2-jn-iso-8859-1-whitespace-dates.xml": func(s digest.Story) bool { return strings.HasPrefix(s.URL, "https://www.jn.pt/") },
		"rss2-item-xml-base.xml":                  func(s digest.Story) bool { return strings.HasPrefix(s.URL, "https://insanity.industries/post/") },
		// An entry with no link is known by its Atom ID, a web address.
		"atom-xml-base-relative-img.xml": func(s digest.Story) bool { return s.URL == "https://numi.st/post/2022/travel-uke" },
		// Daring Fireball's link-blog entries point at the story linked to.
		"atom-daringfireball.xml": func(s digest.Story) bool { return s.URL != "" && !strings.Contains(s.URL, "df4.us") },
	} {
		stories := bySource[file]
		if len(stories) == 0 {
			t.Errorf("%s: no stories", file)
		}
		for _, s := range stories {
			if !check(s) {
				t.Errorf("%s: unexpected link %s", file, s.URL)
			}
		}
	}
	// Text decoded from the feeds' own encodings, and from undeclared
	// Latin-1 that gofeed alone rejects as invalid UTF-8.
	for file, want := range map[string]string{
		"rss2-uol-undeclared-latin1-pt-dates.xml": "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno",
		"rss2-golem-iso-8859-1.xml":               "Red Dead Redemption 2: Hinweise auf PC-Umsetzung in App von Rockstar Games",
		"rss2-kc0011-gb2312-odd-dates.xml":        "建国35周年纪念，华表，和平鸽",
		"rss2-bbc-news-uk-politics.xml":           "Jeremy Corbyn denies 'stupid woman' jibe at Theresa May",
	} {
		found := false
		for _, s := range bySource[file] {
			found = found || s.Headline == want
		}
		if !found {
			t.Errorf("%s: no story headed %q", file, want)
		}
	}
	// Dates gofeed cannot read: Portuguese names, a twelve-hour clock,
	// slashes, no seconds and no zone.
	for file, year := range map[string]int{
		"rss2-uol-undeclared-latin1-pt-dates.xml": 2018,
		"rss2-nbc-newyork-nonstandard-date.xml":   2023,
		"rss2-kc0011-gb2312-odd-dates.xml":        2020,
		"jsonfeed10-curtclifton-no-tz-dates.json": 0,
	} {
		for _, s := range bySource[file] {
			if y := s.PublishedAt.Year(); y < 2000 || y > 2024 || year != 0 && y != year {
				t.Errorf("%s: %q published %v", file, s.Headline, s.PublishedAt)
			}
		}
	}
	for _, s := range bySource["rss2-uol-undeclared-latin1-pt-dates.xml"] {
		if strings.ContainsRune(s.Headline+s.Summary, utf8.RuneError) || strings.Contains(s.Headline+s.Summary, "Ã") {
			t.Errorf("UOL text not recovered: %q %q", s.Headline, s.Summary)
		}
	}

	health, err := st.FeedHealths(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		h, ok := health[r.Source.URL]
		if !ok {
			t.Errorf("no health for %s (configured URLs must be the keys)", r.Source.URL)
			continue
		}
		if h.LastStatus != string(r.Status) || h.LastError != r.Reason || h.LastNewStories != r.New || h.LastFetchAt.IsZero() {
			t.Errorf("%s: health %+v, result %s %q", r.Source.Name, h, r.Status, r.Reason)
		}
		if (r.Status == StatusFailed) != (h.ConsecutiveFailures == 1) || !h.NextPollAt.After(h.LastFetchAt) {
			t.Errorf("%s: failures %d, next poll %v", r.Source.Name, h.ConsecutiveFailures, h.NextPollAt)
		}
	}
}

// checkStory fails the test unless s is a sensible newswire story.
func checkStory(t *testing.T, s digest.Story) {
	t.Helper()
	if strings.TrimSpace(s.Headline) == "" || s.Headline != strings.TrimSpace(s.Headline) {
		t.Errorf("%s: headline %q", s.URL, s.Headline)
	}
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		t.Errorf("story %q: link %q is not an absolute web address", s.Headline, s.URL)
	} else if c, err := digest.Canonicalize(s.URL); err != nil || c != s.URL {
		t.Errorf("link %q is not canonical (%q, %v)", s.URL, c, err)
	}
	violation := cleanTextViolation
	if tagsAsWords[s.URL] {
		violation = plainTextViolation
	}
	for what, text := range map[string]string{"headline": s.Headline, "summary": s.Summary} {
		if m := violation.FindString(text); m != "" || !utf8.ValidString(text) {
			t.Errorf("%s: %s has %q: %q", s.URL, what, m, text)
		}
	}
	if n := utf8.RuneCountInString(s.Summary); n > 400 {
		t.Errorf("%s: summary of %d characters", s.URL, n)
	}
	if s.PublishedAt.IsZero() || s.State != digest.StateQueued || !s.Submitter.IsZero() || s.Sector == "" || s.Sector != s.SuggestedSector {
		t.Errorf("%s: %+v", s.URL, s)
	}
}

func checkSecondPoll(t *testing.T, st *store.Store, p *Poller, fs *feedServer, first []Result) {
	before := len(allStories(t, st))
	second, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range second {
		if _, bad := malformed[r.Source.Name]; bad {
			if r.Status != StatusFailed || r.Reason != first[i].Reason {
				t.Errorf("%s: %s %q", r.Source.Name, r.Status, r.Reason)
			}
			continue
		}
		if r.Status != StatusNotModified || r.New != 0 {
			t.Errorf("%s: %s, %d new, want not modified", r.Source.Name, r.Status, r.New)
		}
	}
	if after := len(allStories(t, st)); after != before {
		t.Errorf("%d stories after the second poll, %d before", after, before)
	}
	health, err := st.FeedHealths(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range second {
		h := health[r.Source.URL]
		want := 0
		if r.Status == StatusFailed {
			want = 2
		}
		if h.LastStatus != string(r.Status) || h.ConsecutiveFailures != want {
			t.Errorf("%s: %+v", r.Source.Name, h)
		}
	}
	if n := fs.hitCount("/rss2-guardian-uk.xml"); n != 2 {
		t.Errorf("guardian fetched %d times", n)
	}
}
