// Command searchbench measures the memory of concurrent searches: it builds
// (or opens) an archive of generated stories, the benchmark's
// (storetest.GenerateArchive, its word pairs written and its index merged
// as the running bot keeps them), then for each number of concurrent
// searches N runs a process of its own that searches varied queries from
// N goroutines for a while, as /shared search and the web archive do, and
// prints
//
//	searches=N done=… busy=… per_s=… chats=… chat_p50_ms=… chat_p95_ms=… chat_max_ms=… peak_rss_mb=… rss_mb=… go_mb=… sqlite_used_mb=… page_cache_mb=… conns=…
//
// done counts the searches answered and busy those the web archive
// turned away (503, -web only); chats the chat searches made alongside,
// one at a time, a member's pace, and chat_*_ms their times ("none" when
// not one ended within the run);
// peak_rss_mb is the process's peak resident memory (VmHWM from
// /proc/self/status), rss_mb its resident memory at the end; go_mb is the Go
// runtime's own memory; sqlite_used_mb is sqlite3_memory_used, SQLite's
// own count (see store.Memory); page_cache_mb is the page
// cache of the conns connections left idle in the pool at the end. Each N
// runs in a fresh process, so one N's caches do not count in the next.
// The last line gives the peaks side by side.
//
// Usage:
//
//	go run ./cmd/searchbench [-db FILE] [-stories 100000] [-searches 1,4,16,64] [-for 10s] [-web]
//
// -web makes the N searches readers' GET /search requests to the web
// archive, served on loopback, which takes them in turns (web's
// searchGate); without it they are made as the bot makes a chat search.
// -db keeps the archive for the next run (it is built when missing); by
// default it is built in a temporary folder and removed.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/search"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
	webarchive "github.com/sharednews/sharednews/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("searchbench", flag.ContinueOnError)
	db := fs.String("db", "", "the archive's database file, built when missing and kept (default: a temporary one)")
	stories := fs.Int("stories", 100_000, "stories in an archive that is built")
	counts := fs.String("searches", "1,4,16,64", "the numbers of concurrent searches to measure, each in a process of its own")
	dur := fs.Duration("for", 10*time.Second, "how long each number of concurrent searches runs")
	child := fs.Int("child", 0, "instead: run this many concurrent searches on -db in this process and print its line")
	web := fs.Bool("web", false, "make the searches as a reader does, GET /search on the web archive served on loopback")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dur <= 0 || *stories < 1 {
		return errors.New("-for and -stories must be positive")
	}
	if *child > 0 {
		if *db == "" {
			return errors.New("-child needs -db")
		}
		return measure(ctx, *db, *child, *dur, *web, out)
	}
	ns, err := parseCounts(*counts)
	if err != nil {
		return err
	}
	if *db == "" {
		dir, err := os.MkdirTemp("", "searchbench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*db = filepath.Join(dir, "archive.db")
	}
	if err := ensureArchive(ctx, *db, *stories, errOut); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var peaks []string
	for _, n := range ns {
		cmd := exec.CommandContext(ctx, self, "-db", *db, "-for", dur.String(), "-child", strconv.Itoa(n), "-web="+strconv.FormatBool(*web))
		cmd.Stderr = errOut
		line, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("%d concurrent searches: %w", n, err)
		}
		fmt.Fprint(out, string(line))
		peaks = append(peaks, fmt.Sprintf("n%d=%s", n, field(string(line), "peak_rss_mb")))
	}
	fmt.Fprintf(out, "peak_rss_mb %s\n", strings.Join(peaks, " "))
	return nil
}

// parseCounts reads -searches.
func parseCounts(s string) ([]int, error) {
	var ns []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-searches: %q is not a positive number", f)
		}
		ns = append(ns, n)
	}
	return ns, nil
}

// field is the value of name=… in a line of key=value pairs.
func field(line, name string) string {
	for _, kv := range strings.Fields(line) {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			return v
		}
	}
	return "?"
}

// ensureArchive builds the archive at path unless it is there.
func ensureArchive(ctx context.Context, path string, n int, log io.Writer) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	start := time.Now()
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	var slugs []string
	for _, s := range config.Default().DigestSectors() {
		slugs = append(slugs, s.Slug)
	}
	if err := storetest.GenerateArchive(ctx, st, slugs, n); err != nil {
		return err
	}
	// The index as a running bot keeps it (store.IndexWordPairs,
	// store.MergeSearchIndex), as BenchmarkSearchLargeArchive builds it.
	if _, err := st.IndexWordPairs(ctx); err != nil {
		return err
	}
	if _, err := st.MergeSearchIndex(ctx); err != nil {
		return err
	}
	fmt.Fprintf(log, "built an archive of %d stories at %s in %s\n", n, path, time.Since(start).Round(time.Second))
	return nil
}

// The words of the generated stories (storetest.GenerateArchive), from
// which queries are made.
var (
	places   = []string{"Kent", "Essex", "Cheshire", "Dorset", "Cornwall", "Worcester", "Malvern", "Gloucester", "Conwy", "Suffolk", "Camden", "Leeds"}
	subjects = []string{"council", "district", "county", "NHS trust", "police force", "fire service", "university", "housing association", "borough"}
	objects  = []string{"back-office services", "a chief executive", "waste collection", "legal services", "ICT systems", "procurement", "payroll", "social care", "a devolution deal", "planning services", "estates", "training"}
	months   = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// query is the i-th of a mix of the kinds of query people type, each kind
// over many words so that the searches read much of the index: words,
// quoted phrases, a place and a month, a misspelling, a sector's name.
func query(i int) string {
	p, s, o := places[i%len(places)], subjects[(i/3)%len(subjects)], objects[(i/7)%len(objects)]
	switch i % 8 {
	case 0:
		return s + " " + o
	case 1:
		return `"` + o + `" ` + p
	case 2:
		return fmt.Sprintf("%s %s %d", s, months[(i/5)%len(months)], 2021+(i/11)%5)
	case 3:
		return p + " " + o + " " + places[(i/13)%len(places)]
	case 4:
		return p[:len(p)-2] + p[len(p)-1:] + " " + s // a letter left out
	case 5:
		return "Highway Code " + o
	case 6:
		return s + "s sharing " + o
	default:
		return p + " " + s
	}
}

// measure runs n concurrent searches on the archive at path for d and
// prints what they took in memory, and how long a chat search took among
// them: one more search at a time, a member's /shared search, made
// directly as the bot makes it. With web, the n searches are readers'
// GET /search requests to the web archive, served on loopback.
func measure(ctx context.Context, path string, n int, d time.Duration, web bool, out io.Writer) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	s := search.New(st).WithSectors(config.Default().DigestSectors()) // as the bot searches
	find := func(ctx context.Context, q string) (bool, error) {
		_, err := s.Search(ctx, q, 10)
		return err == nil, err
	}
	stop := func() {}
	if web {
		if find, stop, err = webSearch(ctx, st, path); err != nil {
			return err
		}
		defer stop()
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		done, busy atomic.Int64
		wg         sync.WaitGroup
		errOnce    sync.Once
		firstErr   error
		chat       []time.Duration
	)
	failed := func(err error) {
		if ctx.Err() == nil {
			errOnce.Do(func() { firstErr = err })
		}
	}
	start := time.Now()
	// Each searcher's first search, and the member's, runs to its end
	// whatever d: a short run on a slow machine (the race detector, a
	// loaded CI) still measures one of each rather than none.
	for g := range n {
		wg.Go(func() {
			for i, first := g*7919, true; first || ctx.Err() == nil; i, first = i+1, false {
				sctx := ctx
				if first {
					sctx = context.WithoutCancel(ctx)
				}
				answered, err := find(sctx, query(i))
				if err != nil {
					failed(err)
					return
				}
				if answered {
					done.Add(1)
				} else {
					busy.Add(1)
				}
			}
		})
	}
	wg.Go(func() { // the member's searches, at a member's pace
		for i, first := 1, true; first || ctx.Err() == nil; i, first = i+7, false {
			began := time.Now()
			// The last search runs to its end after d, as a member's
			// would: one cut short could leave its connection out of
			// the pool the figures below read.
			if _, err := s.Search(context.WithoutCancel(ctx), query(i), 10); err != nil {
				failed(err)
				return
			}
			chat = append(chat, time.Since(began))
			select {
			case <-ctx.Done():
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	wg.Wait()
	took := time.Since(start)
	if firstErr != nil {
		return firstErr
	}
	// The readers' requests cut short at d may still be searching on the
	// server, each on a connection of the pool: they end first, so that
	// the idle connections read below are the pool's (it read none when
	// every connection was still busy there).
	stop()
	mem, err := st.Memory(context.Background())
	if err != nil {
		return err
	}
	status, err := procStatus("VmHWM", "VmRSS")
	if err != nil {
		return err
	}
	goMem := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	metrics.Read(goMem)
	const mb = 1 << 20
	slices.Sort(chat)
	fmt.Fprintf(out, "searches=%d done=%d busy=%d per_s=%.0f chats=%d chat_p50_ms=%s chat_p95_ms=%s chat_max_ms=%s peak_rss_mb=%.0f rss_mb=%.0f go_mb=%.0f sqlite_used_mb=%.1f page_cache_mb=%.1f conns=%d\n",
		n, done.Load(), busy.Load(), float64(done.Load())/took.Seconds(), len(chat), ms(chat, 0.5), ms(chat, 0.95), ms(chat, 1),
		float64(status["VmHWM"])/mb, float64(status["VmRSS"])/mb,
		float64(goMem[0].Value.Uint64())/mb, float64(mem.Used)/mb, float64(mem.PageCache)/mb, mem.Conns)
	return nil
}

// ms is the q-quantile of the sorted durations, in milliseconds, or
// "none" when no chat search ended within the run.
func ms(sorted []time.Duration, q float64) string {
	if len(sorted) == 0 {
		return "none"
	}
	i := min(len(sorted)-1, int(q*float64(len(sorted))))
	return fmt.Sprintf("%.1f", float64(sorted[i])/float64(time.Millisecond))
}

// webSearch serves the web archive of the bot over st on loopback and
// returns a search that asks it GET /search?q=, as a reader's browser
// does: answered is false when the archive answered that it was busy
// (503), and any other answer but 200 is an error.
func webSearch(ctx context.Context, st *store.Store, path string) (find func(context.Context, string) (bool, error), stop func(), err error) {
	cfg := config.Default()
	cfg.Bot.Database = path
	cfg.HTTP.PublicURL = "http://searchbench.invalid"
	if ps := cfg.Validate(); ps != nil {
		return nil, nil, fmt.Errorf("configuration: %v", ps)
	}
	b, err := bot.New(bot.Options{Config: cfg, Store: st})
	if err != nil {
		return nil, nil, err
	}
	archive, err := webarchive.New(ctx, webarchive.Options{PublicURL: cfg.HTTP.PublicURL, SiteName: cfg.Bot.Name, Bot: b, Store: st})
	if err != nil {
		return nil, nil, err
	}
	mux := http.NewServeMux()
	archive.Mount(mux)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	base := "http://" + ln.Addr().String() + "/search?"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1024}}
	find = func(ctx context.Context, q string) (bool, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+url.Values{"q": {q}}.Encode(), nil)
		if err != nil {
			return false, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return false, err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return false, err
		}
		switch resp.StatusCode {
		case http.StatusOK:
			return true, nil
		case http.StatusServiceUnavailable:
			return false, nil
		}
		return false, fmt.Errorf("GET /search?q=%s: %s", q, resp.Status)
	}
	stop = func() {
		// Shutdown waits for the requests in progress to end.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}
	return find, stop, nil
}

// procStatus reads the named sizes (kB) of /proc/self/status, in bytes.
func procStatus(names ...string) (map[string]int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return nil, fmt.Errorf("peak resident memory: %w", err)
	}
	defer f.Close()
	got := map[string]int64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		for _, want := range names {
			if name == want {
				kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
				if err != nil {
					return nil, fmt.Errorf("/proc/self/status: %s: %w", name, err)
				}
				got[name] = kb << 10
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, want := range names {
		if _, ok := got[want]; !ok {
			return nil, fmt.Errorf("/proc/self/status has no %s", want)
		}
	}
	return got, nil
}
