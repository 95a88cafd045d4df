package feeds

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/sharednews/sharednews/config"
)

// benchFeeds are a real long feed and a real news feed from the shared
// test data.
var benchFeeds = []string{"rss2-giantbomb-podcast-730-items.xml", "rss2-guardian-uk.xml", "atom-daringfireball.xml"}

// BenchmarkReadFeed times reading one fetched feed into entries: decoding,
// the streaming XML check, gofeed, and turning items into stories (no
// sector suggester). BenchmarkGofeedAlone is the floor: gofeed's Parse on
// the same bytes. Compare them as a ratio:
//
//	go test -run '^$' -bench 'ReadFeed|GofeedAlone|CheckXML' ./feeds
func BenchmarkReadFeed(b *testing.B) {
	for _, name := range benchFeeds {
		body := benchFeed(b, name)
		b.Run(name, func(b *testing.B) {
			p := &Poller{summaryChars: 400, fallback: "other"}
			src := &source{cfg: config.FeedSource{URL: "https://feeds.example.org/" + name, Name: name}, filter: newFilter(nil, nil)}
			u, _ := url.Parse(src.cfg.URL)
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				got, err := p.read(context.Background(), src, &response{body: body, url: u}, time.Now())
				if err == nil {
					err = p.prepare(context.Background(), src, got.entries)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkGofeedAlone(b *testing.B) {
	for _, name := range benchFeeds {
		body := benchFeed(b, name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := gofeed.NewParser().Parse(bytes.NewReader(body)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCheckXML times the streaming check alone.
func BenchmarkCheckXML(b *testing.B) {
	for _, name := range benchFeeds {
		body := benchFeed(b, name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := checkXML(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchFeed(b *testing.B, name string) []byte {
	body, err := os.ReadFile(filepath.Join(testdataDir, name))
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkFileBasesAsFolders times the walk over a feed's markup for the
// xml:base attributes of its tags, on feeds that set one on every entry:
//
//	go test -run '^$' -bench FileBasesAsFolders -benchmem ./feeds
func BenchmarkFileBasesAsFolders(b *testing.B) {
	for _, name := range []string{"atom-daringfireball.xml", "atom-feedburner-xhtml-xml-base.xml"} {
		body := benchFeed(b, name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				fileBasesAsFolders(body)
			}
		})
	}
}
