package feeds

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// Options configure a Poller. Feeds and Store are required; the
// configuration must already be valid.
type Options struct {
	Feeds   config.Feeds   // sources, poll interval, timeout, limits, user agent
	Sectors digest.Sectors // resolve sector hints; "other" (or the last) is the fallback
	Store   *store.Store
	// Suggester proposes each new story's sector; nil leaves it to the
	// feed's sector hint, else the fallback sector.
	Suggester Suggester
	// WithHint, when set, also hands the feed's sector hint to the
	// suggester through the context (such as classify.WithHint).
	WithHint func(ctx context.Context, sector string) context.Context
	// OnQueued is called with each feed's stories that joined the review
	// queue, after they are stored (to post review cards, say). It runs in
	// the feed's goroutine, so calls for different feeds may overlap.
	OnQueued func(ctx context.Context, queued []digest.Story)
	// OnCorrected is called, as OnQueued is, with each feed's waiting
	// stories that took their publisher's corrected headline or summary
	// (to redraw their review cards, say).
	OnCorrected func(ctx context.Context, corrected []digest.Story)
	Client      *http.Client // nil: a client made for polling
	Logger      *slog.Logger // nil: no logs
	Metrics     *Metrics     // nil: nothing counted
	Now         func() time.Time
	Rand        func() float64 // jitter in [0, 1); nil: math/rand/v2
}

// Poller polls the configured feeds into the store. It is safe for
// concurrent use. Run builds each poll on the feed's state as stored, so a
// poll in between (PollOnce, here or in another process on the database)
// is not undone; two polls of the same feed at the same moment each record
// their own outcome, and the one stored last stands.
type Poller struct {
	sources      []source
	store        *store.Store
	client       *http.Client
	userAgent    string
	timeout      time.Duration
	maxBytes     int64
	interval     time.Duration
	concurrency  int
	summaryChars int
	suggester    Suggester
	withHint     func(context.Context, string) context.Context
	fallback     string
	onQueued     func(context.Context, []digest.Story)
	onCorrected  func(context.Context, []digest.Story)
	log          *slog.Logger
	metrics      *Metrics
	now          func() time.Time
	rand         func() float64
	batch        batcher // what concurrent polls read, stored together
	// waiting bounds the feeds read and waiting to be stored.
	waiting chan struct{}
	// parked bounds the slow fetches that gave their place among the
	// feeds fetched at once to the next feed (watchSlow), and slowAfter
	// is when a fetch is slow.
	parked    chan struct{}
	slowAfter time.Duration
	// cpu bounds how many feeds are parsed at once to the number of
	// processors but one, which is left to the database writer (one at
	// least): fetching waits on the network, parsing does not, and the
	// one writer is what a poll of many new stories waits for, so a
	// parser more only takes processor time from it.
	cpu chan struct{}
	// prep bounds, as cpu does, how many feeds' entries are prepared at
	// once (Poller.prepare), after they were parsed: parsing the next
	// feed and preparing the last overlap, and no more.
	prep chan struct{}
	// moved holds, by configured URL, the address (a string) a feed last
	// moved to permanently: it is asked there until that fails.
	moved sync.Map
	// bodies are buffers of fetched bodies already read, for the next
	// fetches (bodyBuffer).
	bodies sync.Pool
}

// MaxEntries is how many entries of one feed a poll reads, its newest
// (most feeds list them first; one that lists them oldest first is read
// from its end): a real feed rarely has more than a few hundred, so a
// larger one (a whole archive, or a hostile server) cannot flood the
// newswire.
const MaxEntries = 1000

// source is a configured feed with its filter and resolved hint.
type source struct {
	cfg    config.FeedSource
	filter filter
	hint   string // sector slug, or ""
}

// New builds a Poller.
func New(opts Options) (*Poller, error) {
	if opts.Store == nil {
		return nil, errors.New("feeds: a store is required")
	}
	f := opts.Feeds
	if f.Concurrency < 1 || f.Timeout.Duration <= 0 || f.MaxBytes <= 0 || f.PollInterval.Duration <= 0 || f.SummaryChars < 1 {
		return nil, errors.New("feeds: concurrency, timeout, max_bytes, poll_interval and summary_chars must be positive (validate the configuration first)")
	}
	p := &Poller{
		store:        opts.Store,
		client:       opts.Client,
		userAgent:    f.UserAgent,
		timeout:      f.Timeout.Duration,
		maxBytes:     f.MaxBytes,
		interval:     f.PollInterval.Duration,
		concurrency:  f.Concurrency,
		summaryChars: f.SummaryChars,
		suggester:    opts.Suggester,
		withHint:     opts.WithHint,
		fallback:     fallbackSector(opts.Sectors),
		onQueued:     opts.OnQueued,
		onCorrected:  opts.OnCorrected,
		log:          opts.Logger,
		metrics:      opts.Metrics,
		now:          opts.Now,
		rand:         opts.Rand,
		waiting:      make(chan struct{}, maxWaitingFeeds),
		parked:       make(chan struct{}, parkedPerPlace*f.Concurrency),
		slowAfter:    slowAfter(f.Timeout.Duration),
		cpu:          make(chan struct{}, max(1, runtime.GOMAXPROCS(0)-1)),
		prep:         make(chan struct{}, max(1, runtime.GOMAXPROCS(0)-1)),
	}
	p.batch.arrived.L = &p.batch.mu
	for _, s := range f.Sources {
		p.sources = append(p.sources, source{cfg: s, filter: newFilter(s.Include, s.Exclude), hint: hintSlug(opts.Sectors, s.Sector)})
	}
	if p.client == nil {
		p.client = newClient(p.concurrency)
	}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if p.now == nil {
		p.now = time.Now
	}
	if p.rand == nil {
		p.rand = rand.Float64
	}
	return p, nil
}

// PollOnce polls every feed once, whatever its schedule, at most
// concurrency at a time, and returns the results in configuration order.
// Each feed's outcome is stored as its health and next poll time.
func (p *Poller) PollOnce(ctx context.Context) ([]Result, error) {
	states, err := p.register(ctx)
	if err != nil {
		return nil, err
	}
	results := make([]Result, len(p.sources))
	sem := make(chan struct{}, p.concurrency)
	var wg sync.WaitGroup
	// A feed's goroutine starts once it has its place: with thousands of
	// feeds, thousands of goroutines waiting for one would only be stacks
	// for every garbage collection to scan.
	for i := range p.sources {
		pl, err := takePlace(ctx, sem)
		if err != nil {
			for j := i; j < len(p.sources); j++ {
				results[j] = stopped(p.sources[j].cfg, ctx.Err())
			}
			wg.Wait()
			return results, ctx.Err()
		}
		wg.Go(func() {
			defer pl.release()
			results[i] = p.poll(ctx, &p.sources[i], &states[i], pl)
		})
	}
	wg.Wait()
	return results, ctx.Err()
}

// register makes sure every source has a feed row, returns their states,
// and records the headline keys of stories older than the newswire.
func (p *Poller) register(ctx context.Context) ([]store.FeedState, error) {
	refs := make([]store.FeedRef, len(p.sources))
	for i, s := range p.sources {
		refs[i] = store.FeedRef{URL: s.cfg.URL, Name: s.cfg.Name}
	}
	states, err := p.store.RegisterFeeds(ctx, refs)
	if err != nil {
		return nil, err
	}
	if n, err := p.store.BackfillStoryKeys(ctx); err != nil {
		// De-duplication by headline against older stories is a nicety;
		// polling goes on without it.
		p.log.WarnContext(ctx, "could not record the headline keys of older stories", "err", err)
	} else if n > 0 {
		p.log.InfoContext(ctx, "recorded the headline keys of older stories", "stories", n)
	}
	return states, nil
}
