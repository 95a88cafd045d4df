package feeds

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"
	"weak"

	"github.com/sharednews/sharednews/config"
)

// trickle reads as a connection does: a few KB at a time, with no
// io.WriterTo for a buffer to read it all at once by.
type trickle struct{ r io.Reader }

func (t trickle) Read(p []byte) (int, error) { return t.r.Read(p[:min(len(p), 16<<10)]) }

// allocated is how many bytes fn allocates: the least of three runs, since
// the count is the process's, and goroutines other tests left (a server
// closing, a poller stopping) may allocate meanwhile.
func allocated(fn func()) uint64 {
	if raceEnabled {
		// Under the race detector, some reads here allocate 2 MiB
		// more than without it: the counts are not the program's.
		fn()
		return 0
	}
	least := ^uint64(0)
	for range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		fn()
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}

// TestReadBodyHoldsTheBodyAtMostTwice: a body sent without a
// Content-Length (chunked, as most dynamic feeds are) is read with no more
// memory than twice its length (and the unused end of the last piece) in
// a buffer an earlier fetch gave back, and one over feeds.max_bytes is
// refused having taken no more than the limit. Read by doubling the
// buffer, such bodies allocated three to four times their length, and one
// over a limit of a power of two four times the limit.
func TestReadBodyHoldsTheBodyAtMostTwice(t *testing.T) {
	const limit = 8 << 20
	for _, size := range []int{4<<20 + 100<<10, 5 << 20, limit - 1000, limit} {
		sent := bytes.Repeat([]byte("<item>x</item>\n"), size/15+1)[:size]
		var body []byte
		var over bool
		var err error
		n := allocated(func() { body, over, err = readBody(trickle{bytes.NewReader(sent)}, pooled(), limit) })
		if err != nil || over || !bytes.Equal(body, sent) {
			t.Fatalf("%d bytes: read %d bytes, over %v, %v", size, len(body), over, err)
		}
		if n > 2*uint64(size)+bodyChunk+64<<10 {
			t.Errorf("%d bytes: allocated %d, %.1f times the body", size, n, float64(n)/float64(size))
		}
	}
	for _, size := range []int{limit + 1, 2 * limit} {
		sent := bytes.Repeat([]byte("x"), size)
		var body []byte
		var over bool
		var err error
		n := allocated(func() { body, over, err = readBody(trickle{bytes.NewReader(sent)}, pooled(), limit) })
		// The first limit bytes come back, to be read for the entries
		// complete in them (cutShort).
		if err != nil || !over || !bytes.Equal(body, sent[:limit]) {
			t.Fatalf("%d bytes over a limit of %d: %d bytes, over %v, %v", size, limit, len(body), over, err)
		}
		if n > 2*limit+bodyChunk+64<<10 {
			t.Errorf("%d bytes over a limit of %d: allocated %d, %.1f times the limit", size, limit, n, float64(n)/limit)
		}
	}
}

// pooled is a body buffer as an earlier fetch gives it back.
func pooled() *bytes.Buffer {
	b := new(bytes.Buffer)
	b.Grow(maxPooledBody)
	return b
}

// TestReadBodyUsesItsBuffer: a body that fits the buffer it is given (one
// an earlier fetch gave back) is read into it, with nothing else to
// allocate, and a body that grows it does so no further than the largest
// buffer kept for the next fetch.
func TestReadBodyUsesItsBuffer(t *testing.T) {
	buf := pooled()
	sent := bytes.Repeat([]byte("y"), 600<<10)
	body, over, err := readBody(trickle{bytes.NewReader(sent)}, buf, 5<<20)
	if err != nil || over || !bytes.Equal(body, sent) || &body[0] != &buf.Bytes()[0] {
		t.Fatalf("read %d bytes, over %v, %v; in the buffer given: %v", len(body), over, err, len(body) > 0 && &body[0] == &buf.Bytes()[0])
	}
	grown := new(bytes.Buffer)
	sent = bytes.Repeat([]byte("z"), maxPooledBody-bytes.MinRead)
	if body, _, _ := readBody(trickle{bytes.NewReader(sent)}, grown, 5<<20); len(body) != len(sent) || grown.Cap() > maxPooledBody {
		t.Errorf("read %d bytes into a buffer grown to %d", len(body), grown.Cap())
	}
}

// TestReadLetsGoOfTheBody: once a feed is parsed, read holds its body no
// longer, nor does the response it was given, so that while its entries
// are made into stories (and wait for the database) the body, up to
// feeds.max_bytes, can be collected: with a feed of 16 MiB of long
// descriptions, ingest's peak went from 104 to 94 MB.
func TestReadLetsGoOfTheBody(t *testing.T) {
	p := &Poller{summaryChars: 400, fallback: "other"}
	src := &source{cfg: config.FeedSource{URL: "https://feeds.example.org/one", Name: "One"}, filter: newFilter(nil, nil)}
	u, _ := url.Parse(src.cfg.URL)
	body := []byte(oneStoryFeed + strings.Repeat(" ", 64<<10)) // an object of its own
	held := weak.Make(&body[0])
	resp := response{body: body, url: u}
	body = nil
	got, err := p.read(context.Background(), src, &resp, time.Now())
	if err != nil || len(got.entries) != 1 {
		t.Fatalf("read: %d entries, %v", len(got.entries), err)
	}
	runtime.GC()
	if held.Value() != nil {
		t.Error("the body is still held after it was read")
	}
	runtime.KeepAlive(&resp)
}
