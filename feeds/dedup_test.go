package feeds

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

func rssOf(items string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title><link>https://www.example.org/</link>` + items + `</channel></rss>`)
}

// TestSameStoryFromTwoFeedsIsOneStory serves one story through two feeds,
// under different spellings of its link and with a publisher's suffix on
// its headline.
func TestSameStoryFromTwoFeedsIsOneStory(t *testing.T) {
	fs := newFeedServer(t)
	a := fs.serveBody("/a.xml", rssOf(`
<item><title>Two councils agree to share a chief executive</title><link>https://news.example.org/councils?utm_source=rss</link><guid>a-1</guid></item>
<item><title>Only in feed A: a joint waste contract</title><link>https://news.example.org/waste</link><guid>a-2</guid></item>`))
	b := fs.serveBody("/b.atom", []byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>B</title>
<entry><title>Two councils agree to share a chief executive</title><link href="HTTPS://NEWS.EXAMPLE.ORG/councils#top"/><id>tag:b,2026:1</id><updated>2026-11-18T10:00:00Z</updated></entry>
<entry><title>Two Councils Agree To Share A Chief Executive - Hastings and St Leonards Observer</title><link href="https://www.hastingsobserver.example/news/councils"/><id>tag:b,2026:2</id><updated>2026-11-18T10:00:00Z</updated>
  <source><title>Hastings and St Leonards Observer</title></source></entry>
<entry><title>Only in feed B: fire services merge control rooms</title><link href="https://news.example.org/fire"/><id>tag:b,2026:3</id><updated>2026-11-18T10:00:00Z</updated></entry>
</feed>`))
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(a), src(b)))
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	total := results[0].New + results[1].New
	if total != 3 || results[0].Duplicates+results[1].Duplicates != 1 || len(results[1].HeldBack) != 1 {
		t.Errorf("results %+v / %+v", results[0], results[1])
	}
	// The same headline under another link may be another story: it is
	// held back, with the story it matched, for an editor to see.
	if hb := results[1].HeldBack[0]; hb.Entry.URL != "https://www.hastingsobserver.example/news/councils" ||
		hb.Of.URL != "https://news.example.org/councils" {
		t.Errorf("held back %+v", hb)
	}
	stories := allStories(t, st)
	if len(stories) != 3 {
		t.Fatalf("%d stories: %v", len(stories), stories)
	}
	// The same entries under yet another feed URL (so the server answers
	// in full) are still the same stories.
	p = newPoller(t, st, feedsConfig(src(b+"?again")))
	results, err = p.PollOnce(context.Background())
	if err != nil || results[0].Status != StatusFetched || results[0].New != 0 || results[0].Duplicates != 2 || len(results[0].HeldBack) != 1 {
		t.Errorf("third feed: %+v, %v", results, err)
	}
}

func TestSubmissionThenFeedEntryIsOneStory(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	member := digest.Person{Platform: "slack", ID: "U1", Name: "ana"}
	sub, err := st.Submit(ctx, store.Submission{Story: digest.Story{
		URL: "https://news.example.org/police-fire", Headline: "Police and fire share a headquarters",
		Sector: "blue-light", Submitter: member,
	}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	fs := newFeedServer(t)
	feed := fs.serveBody("/rss.xml", rssOf(`
<item><title>Another headline for the same page</title><link>https://news.example.org/police-fire?at_medium=RSS&amp;at_campaign=KARANGA</link></item>
<item><title>Police and fire share a headquarters | The Guardian</title><link>https://www.theguardian.example/uk/police-fire</link><source url="https://www.theguardian.example/">The Guardian</source></item>
<item><title>Something new about housing associations</title><link>https://news.example.org/housing</link></item>`))
	p := newPoller(t, st, feedsConfig(src(feed)))
	results, err := p.PollOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; r.New != 1 || r.Duplicates != 1 || len(r.HeldBack) != 1 {
		t.Errorf("%+v", r)
	}
	queue := allStories(t, st)
	if len(queue) != 2 || queue[0].ID != sub.ID || queue[0].Submitter != member || !queue[1].Submitter.IsZero() {
		t.Errorf("queue %+v", queue)
	}
}

func TestRejectedStoryNeverComesBack(t *testing.T) {
	ctx := context.Background()
	fs := newFeedServer(t)
	feed := fs.serveBody("/rss.xml", rssOf(`<item><title>An unwanted story about parking fines</title><link>https://news.example.org/parking</link><guid>p-1</guid></item>`))
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(feed)))
	if _, err := p.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	queue := allStories(t, st)
	if len(queue) != 1 {
		t.Fatalf("queue %+v", queue)
	}
	if _, err := st.Reject(ctx, store.Decision{StoryID: queue[0].ID, By: digest.Person{Platform: "console", ID: "ed"}}); err != nil {
		t.Fatal(err)
	}
	// Next week the feed carries it again, retitled, without the
	// validators that would let the server answer 304.
	fs.serveBody("/rss.xml", rssOf(`<item><title>An unwanted story about parking fines (updated)</title><link>https://news.example.org/parking</link><guid>p-1</guid></item>`))
	p = newPoller(t, st, feedsConfig(src(feed+"?v=2")))
	results, err := p.PollOnce(ctx)
	if err != nil || results[0].New != 0 || results[0].Duplicates != 1 {
		t.Errorf("%+v, %v", results, err)
	}
	if q := allStories(t, st); len(q) != 0 {
		t.Errorf("queue %+v", q)
	}
}

// TestLongRealFeedKeepsEveryDistinctItem polls a real podcast feed of 730
// items, many of whose titles differ only after " - " ("… @ Nite - Live
// From E3 2019: Nite 3"): every item is a story of its own.
func TestLongRealFeedKeepsEveryDistinctItem(t *testing.T) {
	fs := newFeedServer(t)
	feed := fs.serveFile(t, "rss2-giantbomb-podcast-730-items.xml")
	st := storetest.Open(t, "")
	results, err := newPoller(t, st, feedsConfig(src(feed))).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; r.Status != StatusFetched || r.New != 730 || len(r.HeldBack) != 0 || r.Duplicates != 0 || r.Skipped != 0 {
		t.Errorf("%s: %d new, %d held back, %d duplicates, %d skipped (%s)", r.Status, r.New, len(r.HeldBack), r.Duplicates, r.Skipped, r.Reason)
	}
}

// TestSharedGUIDIsNoID: a feed that gives every item the same GUID (its
// home page, "1": a generator's template bug) has not named one story
// many times; its distinct items are distinct stories, in every poll.
func TestSharedGUIDIsNoID(t *testing.T) {
	items := `<item><title>Two councils agree to share a chief executive</title><link>https://news.example.org/1</link><guid>https://news.example.org/</guid></item>
<item><title>Fire services merge their control rooms</title><link>https://news.example.org/2</link><guid>https://news.example.org/</guid></item>`
	body := rssOf(items)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(body) // no validators: every poll reads the feed
	}))
	defer srv.Close()
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(srv.URL+"/feed")))
	results, err := p.PollOnce(context.Background())
	if err != nil || results[0].New != 2 || results[0].Duplicates != 0 {
		t.Fatalf("first poll: %+v, %v", results, err)
	}
	body = rssOf(`<item><title>A third story: libraries share a catalogue</title><link>https://news.example.org/3</link><guid>https://news.example.org/</guid></item>` + items)
	if results, err = p.PollOnce(context.Background()); err != nil || results[0].New != 1 || results[0].Duplicates != 2 {
		t.Fatalf("second poll: %+v, %v", results, err)
	}
	if n := len(allStories(t, st)); n != 3 {
		t.Errorf("%d stories, want 3", n)
	}
}

// TestStoryAnotherFeedQueuesJoinsTheQueue: a story one feed's filters left
// on the newswire joins the review queue when another feed carries it
// under the same link and its filters queue it (a joint announcement in
// two departments' feeds), whichever feed is read first; it stays one
// story, is counted as queued and gets its review card. A feed's own
// stories stay where its filters put them when it is read again.
func TestStoryAnotherFeedQueuesJoinsTheQueue(t *testing.T) {
	ctx := context.Background()
	joint := `<item><title>Councils and police to share control rooms</title><link>https://www.example.gov.uk/news/joint-control-rooms</link><guid>%s</guid></item>`
	knife := `<item><title>Knife crime figures published</title><link>https://www.example.gov.uk/news/knife-crime</link></item>`
	// The home department's feed answers in full every time, as many do.
	homeSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(rssOf(fmt.Sprintf(joint, "home-1") + knife))
	}))
	t.Cleanup(homeSrv.Close)
	fs := newFeedServer(t)
	local := fs.serveBody("/local.xml", rssOf(fmt.Sprintf(joint, "local-1")))
	// The home department's feed queues only what mentions fire services.
	homeSrc := src(homeSrv.URL + "/home.xml")
	homeSrc.Include = []string{"fire service"}

	for _, together := range []bool{false, true} {
		t.Run(fmt.Sprintf("together=%v", together), func(t *testing.T) {
			st := storetest.Open(t, "")
			var carded []string
			onQueued := func(o *Options) {
				o.OnQueued = func(_ context.Context, queued []digest.Story) {
					for _, s := range queued {
						carded = append(carded, s.URL)
					}
				}
			}
			if !together {
				if _, err := newPoller(t, st, feedsConfig(homeSrc), onQueued).PollOnce(ctx); err != nil {
					t.Fatal(err)
				}
				if q := allStories(t, st); len(q) != 0 {
					t.Fatalf("the home feed queued %v", q)
				}
			}
			results, err := newPoller(t, st, feedsConfig(homeSrc, src(local)), onQueued).PollOnce(ctx)
			if err != nil {
				t.Fatal(err)
			}
			q := allStories(t, st)
			if len(q) != 1 || q[0].URL != "https://www.example.gov.uk/news/joint-control-rooms" {
				t.Fatalf("queue: %v", q)
			}
			if n := results[0].Queued + results[1].Queued; n != 1 {
				t.Errorf("queued counted %d times: %+v / %+v", n, results[0], results[1])
			}
			if len(carded) != 1 || carded[0] != q[0].URL {
				t.Errorf("review cards for %v", carded)
			}
			if s, err := st.StoryByURL(ctx, "https://www.example.gov.uk/news/knife-crime"); err != nil || s.State != digest.StateNewswire {
				t.Errorf("the home feed's other story: %+v, %v", s, err)
			}
		})
	}

	// The home feed now queues everything: its own stories, already read,
	// stay on the newswire (a changed filter does not refill the queue).
	st := storetest.Open(t, "")
	if _, err := newPoller(t, st, feedsConfig(homeSrc)).PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	wider := homeSrc
	wider.Include = []string{}
	if _, err := newPoller(t, st, feedsConfig(wider)).PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if q := allStories(t, st); len(q) != 0 {
		t.Errorf("the home feed's own stories were queued: %v", q)
	}
}
