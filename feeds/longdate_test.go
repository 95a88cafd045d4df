package feeds

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestLongDatesCostLittle polls feeds whose one date is a mebibyte of
// text, in each place a feed gives one (an RSS item's pubDate and
// dc:date, the channel's lastBuildDate, an Atom entry's updated, a JSON
// Feed item's date_published), beside an ordinary feed. Every time.Parse
// that fails copies the text it was given into its error, and gofeed tries
// about a hundred layouts on each date, then the newswire's own: a feed of
// 4 MiB whose date was most of it allocated 4 GB and held 270 MB at once,
// past the 150 MB one feed may take. Each story is stored, dated when it
// was fetched, and the whole poll allocates a small multiple of the feeds.
func TestLongDatesCostLittle(t *testing.T) {
	long := strings.Repeat("1 ", 512<<10)
	fetched := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	fs := newFeedServer(t)
	good := `<item><title>Councils share a planning team</title><link>https://x.example/good</link><pubDate>Tue, 17 Nov 2026 09:30:00 GMT</pubDate></item>`
	feeds := map[string]string{
		"pubdate.xml": string(rssOf(`<item><title>Story with a long pubDate</title><link>https://x.example/pubdate</link><pubDate>` + long + `</pubDate></item>` + good)),
		"dcdate.xml": string(rssOf(`<item><title>Story with a long dc:date</title><link>https://x.example/dcdate</link><dc:date xmlns:dc="http://purl.org/dc/elements/1.1/">` +
			long + `</dc:date></item>`)),
		"channel.xml": `<rss version="2.0"><channel><title>T</title><lastBuildDate>` + long +
			`</lastBuildDate><item><title>Story under a long lastBuildDate</title><link>https://x.example/channel</link></item></channel></rss>`,
		"updated.atom": string(datedAtom("Story with a long updated", "updated", long)),
		"published.json": `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","url":"https://x.example/json","title":"Story with a long date_published","date_published":"` +
			long + `"}]}`,
	}
	var sources []config.FeedSource
	size := 0
	for name, body := range feeds {
		sources = append(sources, src(fs.serveBody("/"+name, []byte(body))))
		size += len(body)
	}
	f := feedsConfig(sources...)
	f.Concurrency = 1 // one feed's garbage at a time
	p := newPoller(t, storetest.Open(t, ""), f, func(o *Options) { o.Now = func() time.Time { return fetched } })
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	results, err := p.PollOnce(context.Background())
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Status != StatusFetched || r.New == 0 {
			t.Errorf("%s: %s, %d new (%s)", r.Source.Name, r.Status, r.New, r.Reason)
		}
	}
	// An ordinary poll of these feeds allocates about 20 MB; the dates
	// read as they were, over 5 GB.
	if took := after.TotalAlloc - before.TotalAlloc; !raceEnabled && took > 20*uint64(size) {
		t.Errorf("polling %d bytes of feeds allocated %d MB", size, took>>20)
	}
	// Nor does the newswire's own reading of a date (a JSON Feed's first
	// and last, to tell whether it lists them oldest first).
	if took := allocated(func() { parseDate(long) }); took > 1<<20 {
		t.Errorf("reading a date of %d bytes allocated %d MB", len(long), took>>20)
	}
	want := map[string]time.Time{
		"https://x.example/good": time.Date(2026, 11, 17, 9, 30, 0, 0, time.UTC),
	}
	for _, s := range allStories(t, p.store) {
		w, ok := want[s.URL]
		if !ok {
			w = fetched
		}
		if !s.PublishedAt.Equal(w) {
			t.Errorf("%s: published %v, want %v", s.URL, s.PublishedAt, w)
		}
	}
}
