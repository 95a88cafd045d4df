package feeds

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestPollLogSaysHowLongInWords checks that the log line of a poll says
// how long it took as a duration ("12ms"), not as a count of nanoseconds,
// in the JSON logs operators read.
func TestPollLogSaysHowLongInWords(t *testing.T) {
	fs := newFeedServer(t)
	st := storetest.Open(t, "")
	var logs bytes.Buffer
	p := newPoller(t, st, feedsConfig(src(fs.serveFile(t, "rss2-sky-news.xml"))), logTo(&logs))
	if _, err := p.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	var line struct {
		Took string `json:"took"`
	}
	if !findLogLine(logs.String(), "feed polled", &line) {
		t.Fatalf("no \"feed polled\" line with a duration in %s", logs.String())
	}
	if _, err := time.ParseDuration(line.Took); err != nil {
		t.Errorf("took %q: %v", line.Took, err)
	}
}

// TestUnreadDatesAreLogged: an entry whose date cannot be read, or is too
// far ahead to be believed, is dated when it was fetched, and the log says
// so, with the date it gave, rather than dating the story wrongly without
// a word.
func TestUnreadDatesAreLogged(t *testing.T) {
	fs := newFeedServer(t)
	st := storetest.Open(t, "")
	var logs bytes.Buffer
	feed := fs.serveBody("/dates.xml", rssOf(`
<item><title>Two councils agree to share a chief executive</title><link>https://x.example/1</link><pubDate>le 5 mars, vers midi</pubDate></item>
<item><title>Fire services merge their control rooms</title><link>https://x.example/2</link><pubDate>Tue, 05 Mar 2124 09:30:00 GMT</pubDate></item>
<item><title>Libraries share one catalogue across the county</title><link>https://x.example/3</link><pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate></item>`))
	p := newPoller(t, st, feedsConfig(src(feed)), logTo(&logs))
	if _, err := p.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	var line struct {
		Entries int    `json:"entries"`
		Date    string `json:"date"`
	}
	if !findLogLine(logs.String(), "feed has dates that could not be read", &line) {
		t.Fatalf("no line about the dates in %s", logs.String())
	}
	if line.Entries != 2 || line.Date != "le 5 mars, vers midi" {
		t.Errorf("logged %+v", line)
	}
}

// TestPollLogKeepsAFeedsPasswordSecret: a feed behind basic authentication
// (https://user:password@host/feed) is logged without its password, whether
// it is read or fails.
func TestPollLogKeepsAFeedsPasswordSecret(t *testing.T) {
	fs := newFeedServer(t)
	st := storetest.Open(t, "")
	var logs bytes.Buffer
	good := strings.Replace(fs.serveFile(t, "rss2-sky-news.xml"), "http://", "http://reader:s3cret-pw@", 1)
	bad := strings.Replace(fs.URL, "http://", "http://reader:s3cret-pw@", 1) + "/missing.xml"
	// An entry whose date cannot be read is logged too.
	undated := strings.Replace(fs.serveBody("/undated.xml", rssOf(`
<item><title>Two councils agree to share a chief executive</title><link>https://x.example/1</link><pubDate>le 5 mars, vers midi</pubDate></item>`)), "http://", "http://reader:s3cret-pw@", 1)
	p := newPoller(t, st, feedsConfig(src(good), src(bad), src(undated)), logTo(&logs))
	if _, err := p.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "feed polled") || !strings.Contains(logs.String(), "feed has dates that could not be read") {
		t.Fatalf("nothing logged: %s", logs.String())
	}
	if strings.Contains(logs.String(), "s3cret-pw") {
		t.Errorf("the password is in the logs:\n%s", logs.String())
	}
}

// TestPasswordFeedWithRelativeLinks: a feed behind basic authentication
// whose entries link relatively (<link>/news/1</link>, no channel link)
// has its entries read, linked to the site without the feed's user name
// and password: resolved against the feed's own address they carried
// them, which a story's link may never hold, so every entry was skipped.
func TestPasswordFeedWithRelativeLinks(t *testing.T) {
	fs := newFeedServer(t)
	st := storetest.Open(t, "")
	body := `<?xml version="1.0"?><rss version="2.0"><channel><title>Members</title>
<item><title>Two councils share a chief executive</title><link>/news/shared-chief-executive</link></item>
</channel></rss>`
	feed := strings.Replace(fs.serveBody("/private/rss.xml", []byte(body)), "http://", "http://reader:s3cret-pw@", 1)
	p := newPoller(t, st, feedsConfig(src(feed)))
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; r.New != 1 {
		t.Fatalf("status %s, %d new, %d skipped, err %v; want the entry read", r.Status, r.New, r.Skipped, r.Err)
	}
	stories := allStories(t, st)
	if want := fs.URL + "/news/shared-chief-executive"; len(stories) != 1 || stories[0].URL != want {
		t.Fatalf("stories %+v; want one linked to %s", stories, want)
	}
}

// TestPollLogKeepsAFeedsTokenSecret: a private feed shared with a token in
// its address (GitHub's ?token=, GitLab's ?feed_token=) is logged and
// reported without it, also where it moved to.
func TestPollLogKeepsAFeedsTokenSecret(t *testing.T) {
	fs := newFeedServer(t)
	st := storetest.Open(t, "")
	var logs bytes.Buffer
	feed := fs.serveFile(t, "rss2-sky-news.xml")
	moved := http.NewServeMux()
	moved.HandleFunc("/old.atom", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, feed+"?feed_token=SECRET2", http.StatusMovedPermanently)
	})
	old := httptest.NewServer(moved)
	t.Cleanup(old.Close)
	p := newPoller(t, st, feedsConfig(src(feed+"?token=SECRET1"), src(old.URL+"/old.atom?feed_token=SECRET2")), logTo(&logs))
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "feed polled") || !strings.Contains(logs.String(), "moved permanently") {
		t.Fatalf("not logged: %s", logs.String())
	}
	for _, secret := range []string{"SECRET1", "SECRET2"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("%s in the logs:\n%s", secret, logs.String())
		}
		for _, r := range results {
			if strings.Contains(r.Source.ShownURL()+r.MovedTo+r.Reason, secret) {
				t.Errorf("%s in the result: %s moved to %s", secret, r.Source.ShownURL(), r.MovedTo)
			}
		}
	}
}

// logTo makes a poller log to logs, in the JSON operators read.
func logTo(logs *bytes.Buffer) func(*Options) {
	return func(o *Options) { o.Logger = slog.New(slog.NewJSONHandler(logs, nil)) }
}

// findLogLine decodes into line the first JSON log line in logs whose
// message starts with msg, and reports whether there was one.
func findLogLine(logs, msg string, line any) bool {
	for l := range strings.Lines(logs) {
		var head struct {
			Msg string `json:"msg"`
		}
		if json.Unmarshal([]byte(l), &head) == nil && strings.HasPrefix(head.Msg, msg) {
			return json.Unmarshal([]byte(l), line) == nil
		}
	}
	return false
}
