// Command feedbench measures the newswire poller: it serves generated feeds
// from a loopback test server; fetches and parses them all with gofeed
// alone, storing nothing (the floor any newswire has to pay); polls them
// all with the real poller into a temporary SQLite database; then polls
// them again (every feed now answers 304 Not Modified); and prints on its
// last line
//
//	feeds=500 first=…s second=…s floor=…s first/floor=…x peak_mb=…
//
// peak_mb is the process's peak resident memory during the two passes (VmHWM from
// /proc/self/status), which counts SQLite's own allocations and the test
// server too; where /proc is missing it falls back to the peak of the Go
// runtime's memory, sampled.
//
// With -attacks it instead serves the hostile feeds of feeds/feedtest and
// polls each with a `sharednews ingest` process of its own, printing each
// process's peak resident memory (or "unavailable" where the system does
// not report a child's, as on Windows). With -max-bytes N as well, it sets
// feeds.max_bytes to N and makes each feed whose harm grows with its size
// just under N: whether a feed within every max_bytes the configuration
// accepts parses in the memory PRODUCT.md promises.
//
// Usage:
//
// With -dead N, N feeds more are listed first, on a server that takes
// each request and never answers (a host that hangs): each fails at
// feeds.timeout, and the line
//
//	dead=N live_done=…s
//
// says when, in the first pass, the last of the other feeds was answered:
// how long the dead ones held them up.
//
//	go run ./cmd/feedbench [-feeds 500] [-entries 50] [-concurrency 8] [-dead 0] [-cpuprofile FILE] [-memprofile FILE]
//	go run ./cmd/feedbench -attacks [-sharednews BIN] [-max-bytes N]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/sharednews/sharednews/classify"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/feeds"
	"github.com/sharednews/sharednews/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return // -h: the flag package printed the usage
	}
	var exit exitStatus
	if errors.As(err, &exit) {
		os.Exit(int(exit)) // -peak-to: the measured command's own
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "feedbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("feedbench", flag.ContinueOnError)
	nFeeds := fs.Int("feeds", 500, "number of feeds to serve")
	nEntries := fs.Int("entries", 50, "entries per feed")
	concurrency := fs.Int("concurrency", 8, "feeds fetched at the same time (feeds.concurrency)")
	nDead := fs.Int("dead", 0, "feeds more, listed first, whose server never answers")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the first pass to this file")
	memProfile := fs.String("memprofile", "", "write a profile of the first pass's allocations to this file")
	attackMode := fs.Bool("attacks", false, "instead: poll each hostile feed with a sharednews ingest process of its own and print its peak memory")
	bin := fs.String("sharednews", "", "with -attacks: the sharednews binary to run (default: build ./cmd/sharednews)")
	peakTo := fs.String("peak-to", "", "instead: run the command named after the flags, pass on its output and exit status, and write its peak resident memory in KiB to this file (what -attacks runs each ingest under)")
	maxBytes := fs.Int64("max-bytes", 0, "with -attacks: set feeds.max_bytes to this and make each feed whose harm grows with its size just under it (default: the feeds at 5 MiB)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *peakTo != "" {
		return runMeasured(ctx, *peakTo, fs.Args())
	}
	if *attackMode {
		if *maxBytes != 0 && *maxBytes < 64<<10 {
			return fmt.Errorf("-max-bytes must be at least 65536 (64 KiB), to hold the hostile feeds' framing; got %d", *maxBytes)
		}
		return runAttacks(ctx, *bin, *maxBytes, out)
	}
	if *nFeeds < 1 || *nEntries < 1 || *concurrency < 1 || *nDead < 0 {
		return errors.New("-feeds, -entries and -concurrency must be positive, and -dead not negative")
	}

	peak := startPeakSampler()
	defer peak.stop()

	live := &feedHandler{entries: *nEntries}
	srv := httptest.NewServer(live)
	defer srv.Close()
	// The dead feeds' server waits for the poller to hang up.
	dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer dead.Close()

	dir, err := os.MkdirTemp("", "feedbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, filepath.Join(dir, "bench.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}

	cfg := config.Default()
	cfg.Feeds.Concurrency = *concurrency
	cfg.Feeds.Sources = make([]config.FeedSource, *nFeeds)
	sectors := digest.Sectors(cfg.DigestSectors())
	for i := range cfg.Feeds.Sources {
		// Each feed configured with a sector, by its name, as an
		// operator writes it (config.example.toml's feeds all have one).
		cfg.Feeds.Sources[i] = config.FeedSource{URL: fmt.Sprintf("%s/feed/%d.xml", srv.URL, i), Name: fmt.Sprintf("Feed %d", i),
			Sector: sectors[i%len(sectors)].Name}
	}
	polled := cfg.Feeds
	polled.Sources = nil
	for i := range *nDead {
		polled.Sources = append(polled.Sources, config.FeedSource{URL: fmt.Sprintf("%s/dead/%d.xml", dead.URL, i), Name: fmt.Sprintf("Dead feed %d", i)})
	}
	polled.Sources = append(polled.Sources, cfg.Feeds.Sources...)
	p, err := feeds.New(feeds.Options{
		Feeds:     polled,
		Sectors:   sectors,
		Store:     st,
		Suggester: classify.New(sectors),
		WithHint:  classify.WithHint,
		Logger:    slog.New(slog.DiscardHandler),
	})
	if err != nil {
		return err
	}

	// The floor runs first, on the same warm server, and each phase counts
	// the time on the clock and the CPU time the process used: the second
	// is what to compare when other programs share the machine.
	var floorTook, floorCPU time.Duration
	err = measure(&floorTook, &floorCPU, func() error { return floor(ctx, cfg.Feeds.Sources, *concurrency) })
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "floor:       %d feeds fetched and parsed by gofeed alone, storing nothing (%.2fs CPU)\n", *nFeeds, floorCPU.Seconds())
	// The peak memory reported is the polls': the floor's is forgotten.
	peak.reset()
	stopProfile, err := startProfile(*cpuProfile)
	if err != nil {
		return err
	}
	if *memProfile != "" {
		// From here on: the first pass's allocations, not the floor's.
		runtime.MemProfileRate = 64 << 10
		runtime.GC()
	}
	var first, second tally
	var firstTook, firstCPU, secondTook, secondCPU time.Duration
	live.begin()
	err = measure(&firstTook, &firstCPU, func() (err error) { first, err = pass(ctx, p); return err })
	liveDone := live.lastAnswered()
	stopProfile()
	if err != nil {
		return err
	}
	if err := writeAllocs(*memProfile); err != nil {
		return err
	}
	fmt.Fprintf(out, "first pass:  %s (%.2fs CPU)\n", first, firstCPU.Seconds())
	if first.failed != *nDead || first.fetched != *nFeeds || first.newStories != *nFeeds**nEntries {
		return fmt.Errorf("first pass stored %d of %d stories (%d feeds failed, first error: %s)",
			first.newStories, *nFeeds**nEntries, first.failed, first.firstErr)
	}
	if err := measure(&secondTook, &secondCPU, func() (err error) { second, err = pass(ctx, p); return err }); err != nil {
		return err
	}
	fmt.Fprintf(out, "second pass: %s (%.2fs CPU)\n", second, secondCPU.Seconds())
	if *nDead > 0 {
		fmt.Fprintf(out, "dead=%d live_done=%.2fs\n", *nDead, liveDone.Seconds())
	}
	if second.notModified != *nFeeds {
		return fmt.Errorf("second pass: %d of %d feeds not modified (first error: %s)", second.notModified, *nFeeds, second.firstErr)
	}
	if floorCPU > 0 {
		fmt.Fprintf(out, "first pass / floor: %.2fx on the clock, %.2fx in CPU time\n", firstTook.Seconds()/floorTook.Seconds(), firstCPU.Seconds()/floorCPU.Seconds())
	}
	peakMB, source := peak.stop()
	fmt.Fprintf(out, "peak memory from %s; Go heap peak %.1f MB\n", source, float64(peak.heapPeak())/(1<<20))
	fmt.Fprintf(out, "feeds=%d first=%.2fs second=%.2fs floor=%.2fs first/floor=%.2fx peak_mb=%.0f\n", *nFeeds,
		firstTook.Seconds(), secondTook.Seconds(), floorTook.Seconds(), firstTook.Seconds()/floorTook.Seconds(), peakMB)
	return nil
}

// measure runs fn and adds the time it took on the clock to took, and the
// CPU time the process used meanwhile to cpu.
func measure(took, cpu *time.Duration, fn func() error) error {
	start, startCPU := time.Now(), processCPU()
	err := fn()
	*took += time.Since(start)
	*cpu += processCPU() - startCPU
	return err
}

// startProfile starts a CPU profile to path ("" for none) and returns what
// stops it.
func startProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// writeAllocs writes the heap profile, which counts every allocation
// since the profiling rate was set, to path ("" for none).
func writeAllocs(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// floor fetches every feed and parses it with gofeed alone, storing
// nothing, with as many fetches at once as the poller: the least any
// newswire must do for the same feeds.
func floor(ctx context.Context, sources []config.FeedSource, concurrency int) error {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = concurrency
	client := &http.Client{Transport: t}
	defer t.CloseIdleConnections()
	sem := make(chan struct{}, concurrency)
	errs := make(chan error, len(sources))
	var wg sync.WaitGroup
	for _, s := range sources {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			errs <- fetchAndParse(ctx, client, s.URL)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return fmt.Errorf("floor: %w", err)
		}
	}
	return nil
}

func fetchAndParse(ctx context.Context, client *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	feed, err := gofeed.NewParser().Parse(resp.Body)
	if err != nil {
		return fmt.Errorf("%s: %w", url, err)
	}
	if len(feed.Items) == 0 {
		return fmt.Errorf("%s: no items", url)
	}
	return nil
}

// tally sums one pass's results.
type tally struct {
	fetched, notModified, failed, newStories, queued int
	firstErr                                         string
}

func (t tally) String() string {
	return fmt.Sprintf("%d fetched, %d not modified, %d failed; %d new stories, %d queued",
		t.fetched, t.notModified, t.failed, t.newStories, t.queued)
}

func pass(ctx context.Context, p *feeds.Poller) (tally, error) {
	results, err := p.PollOnce(ctx)
	if err != nil {
		return tally{}, err
	}
	var t tally
	for _, r := range results {
		switch r.Status {
		case feeds.StatusFetched:
			t.fetched++
		case feeds.StatusNotModified:
			t.notModified++
		default:
			t.failed++
			if t.firstErr == "" {
				t.firstErr = r.Source.URL + ": " + r.Reason
			}
		}
		t.newStories += r.New
		t.queued += r.Queued
	}
	return t, nil
}

// feedHandler serves /feed/N.xml: an RSS feed of generated, distinct
// stories that looks like a council news feed, with an ETag, answering 304
// when the poller already has it. Feeds are generated per request, so the
// server holds none of them in memory. It notes when it last answered.
type feedHandler struct {
	entries int
	mu      sync.Mutex
	start   time.Time // begin
	last    time.Duration
}

// begin starts counting the time of the answers from now.
func (h *feedHandler) begin() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.start, h.last = time.Now(), 0
}

// lastAnswered is when, after begin, a feed was last answered.
func (h *feedHandler) lastAnswered() time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last
}

func (h *feedHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.last = max(h.last, time.Since(h.start))
	}()
	name := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/feed/"), ".xml")
	n, err := strconv.Atoi(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	etag := fmt.Sprintf(`"feed-%d-v1"`, n)
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	io.WriteString(w, generateFeed(n, h.entries))
}

// Words the generated stories are made of, so that the sector suggester
// has real work to do.
var (
	subjects = []string{"Council", "NHS trust", "Fire and rescue service", "Police force", "Housing association",
		"University", "Combined authority", "District councils", "Integrated care board", "County council"}
	verbs   = []string{"agrees", "launches", "reviews", "extends", "shares", "consults on", "approves", "merges", "pilots", "cancels"}
	objects = []string{"a shared chief executive", "joint waste collection", "a new procurement framework", "digital services",
		"a control room partnership", "social care funding", "affordable homes plan", "leadership programme",
		"revenues and benefits service", "cloud migration"}
)

func generateFeed(n, entries int) string {
	var b strings.Builder
	b.Grow(entries * 700)
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Generated feed %d</title><link>https://council%d.example.gov.uk/news</link>
<description>News from council %d</description>
`, n, n, n)
	base := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	for i := range entries {
		k := n*entries + i
		fmt.Fprintf(&b, `<item><title>%s %d %s %s (story %d)</title>
<link>https://council%d.example.gov.uk/news/%d/story-%d?utm_source=rss</link>
<guid isPermaLink="false">council-%d-story-%d</guid>
<pubDate>%s</pubDate>
<description><![CDATA[<p>The <strong>%s</strong> %s %s after a review by members. Officers expect savings of &pound;%d,000 a year
and better services for residents across the area.</p><p>A report goes to cabinet next month. <a href="https://council%d.example.gov.uk/news/%d">Continue reading&hellip;</a></p>]]></description>
</item>
`,
			subjects[k%len(subjects)], n, verbs[(k/3)%len(verbs)], objects[(k/7)%len(objects)], k,
			n, n, i, n, i, base.Add(-time.Duration(k)*time.Minute).Format(time.RFC1123Z),
			subjects[k%len(subjects)], verbs[(k/3)%len(verbs)], objects[(k/7)%len(objects)], 10+k%900, n, i)
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

// peakSampler tracks the Go runtime's peak memory while the benchmark runs,
// for systems without /proc.
type peakSampler struct {
	done    chan struct{}
	wg      sync.WaitGroup
	mu      sync.Mutex
	total   uint64 // peak of all memory mapped by the Go runtime
	heap    uint64 // peak of live heap objects
	stopped bool
	result  float64
	source  string
}

func startPeakSampler() *peakSampler {
	s := &peakSampler{done: make(chan struct{})}
	s.sample()
	s.wg.Go(func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-s.done:
				return
			case <-t.C:
				s.sample()
			}
		}
	})
	return s
}

// reset forgets the peaks so far: the Go runtime's, and the process's
// resident peak (VmHWM), which Linux resets when "5" is written to
// /proc/self/clear_refs.
func (s *peakSampler) reset() {
	runtime.GC()
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	s.mu.Lock()
	s.total, s.heap = 0, 0
	s.mu.Unlock()
	s.sample()
}

func (s *peakSampler) sample() {
	samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(samples)
	s.mu.Lock()
	defer s.mu.Unlock()
	if samples[0].Value.Kind() == metrics.KindUint64 {
		s.total = max(s.total, samples[0].Value.Uint64())
	}
	if samples[1].Value.Kind() == metrics.KindUint64 {
		s.heap = max(s.heap, samples[1].Value.Uint64())
	}
}

// stop ends sampling and returns the peak in MB and where it came from.
func (s *peakSampler) stop() (float64, string) {
	s.mu.Lock()
	if s.stopped {
		defer s.mu.Unlock()
		return s.result, s.source
	}
	s.stopped = true
	s.mu.Unlock()
	close(s.done)
	s.wg.Wait()
	s.sample()
	s.mu.Lock()
	defer s.mu.Unlock()
	if kb, ok := vmHWM(); ok {
		s.result, s.source = float64(kb)/1024, "VmHWM (peak resident set of the whole process)"
	} else {
		s.result, s.source = float64(s.total)/(1<<20), "Go runtime memory, sampled every 10ms (no /proc)"
	}
	return s.result, s.source
}

func (s *peakSampler) heapPeak() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heap
}

// vmHWM reads the process's peak resident set size, in KiB.
func vmHWM() (int64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb, err == nil
		}
	}
	return 0, false
}
