package feeds

import (
	"context"
	"fmt"
	"io"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/store/storetest"
)

// headersFeed is the feed the header tests' servers send after their
// headers.
const headersFeed = `<rss version="2.0"><channel><title>T</title><item><title>Councils share a chief executive</title><link>https://x.example/1</link></item></channel></rss>`

// endlessHeaders answers with header lines until the client hangs up.
func endlessHeaders(conn net.Conn) {
	io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n")
	line := "Set-Cookie: " + strings.Repeat("a", 4000) + "\r\n"
	for {
		if _, err := io.WriteString(conn, line); err != nil {
			return
		}
	}
}

// TestEndlessHeadersAreCutOff: a server that sends header lines and never
// a body was read up to net/http's own limit, 10 MiB of headers per feed
// whatever feeds.max_bytes says (16 such feeds at once took 158 MB of heap
// with max_bytes at 256 KiB), and failed as "not valid HTTP". Now its
// headers are cut off at maxHeaderBytes with a sentence that says so; a
// feed whose headers are large but within it (a cookie jar of 100 KiB) is
// read, as is the good feed beside them.
func TestEndlessHeadersAreCutOff(t *testing.T) {
	base := rawServer(t, func(conn net.Conn, path string) {
		switch path {
		case "/endless":
			endlessHeaders(conn)
		case "/large":
			io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n")
			for i := range 25 {
				fmt.Fprintf(conn, "Set-Cookie: c%d=%s\r\n", i, strings.Repeat("b", 4000))
			}
			fmt.Fprintf(conn, "Content-Length: %d\r\n\r\n%s", len(headersFeed), headersFeed)
		}
	})
	f := feedsConfig(src(base+"/endless"), src(base+"/large"))
	f.MaxBytes = 256 << 10
	results, err := newPoller(t, storetest.Open(t, ""), f).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	const reason = "the server sent more than 256 KiB of headers, which no feed needs; the feed was not read"
	if r := results[0]; r.Status != StatusFailed || r.Reason != reason {
		t.Errorf("endless headers: %s %q, want failed %q", r.Status, r.Reason, reason)
	}
	if r := results[1]; r.Status != StatusFetched || r.New != 1 {
		t.Errorf("100 KiB of headers: %s, %d new (%q)", r.Status, r.New, r.Reason)
	}
}

// BenchmarkEndlessHeadersPeakHeap polls 16 feeds at once whose servers
// send header lines until the client hangs up, and reports the peak of
// the heap in use during the poll, sampled every millisecond:
//
//	go test -run '^$' -bench EndlessHeadersPeakHeap -benchtime 3x ./feeds
func BenchmarkEndlessHeadersPeakHeap(b *testing.B) {
	base := rawServer(b, func(conn net.Conn, _ string) { endlessHeaders(conn) })
	var sources []config.FeedSource
	for i := range 16 {
		sources = append(sources, src(fmt.Sprintf("%s/feed-%d", base, i)))
	}
	f := feedsConfig(sources...)
	f.Concurrency = len(sources)
	f.MaxBytes = 256 << 10
	st := storetest.Open(b, "")
	var peak uint64
	for b.Loop() {
		p, err := New(Options{Feeds: f, Sectors: testSectors(), Store: st})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		stop, sampled := sampleHeapPeak()
		if _, err := p.PollOnce(context.Background()); err != nil {
			b.Fatal(err)
		}
		close(stop)
		peak = max(peak, <-sampled)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// sampleHeapPeak samples the heap in use every millisecond until stop is
// closed, then sends the largest it saw.
func sampleHeapPeak() (stop chan struct{}, peak chan uint64) {
	stop, peak = make(chan struct{}), make(chan uint64, 1)
	go func() {
		var m runtime.MemStats
		highest := uint64(0)
		for {
			runtime.ReadMemStats(&m)
			highest = max(highest, m.HeapInuse)
			select {
			case <-stop:
				peak <- highest
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return stop, peak
}
