package feeds

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// poll polls one feed: fetch, read, store what is new, record the outcome.
// It never returns an error: a feed's failure is its Result. pl is the
// caller's place among the feeds fetched at once: poll gives it back
// when the feed is read and waits only for the database, so that the
// next feed is fetched and read meanwhile (and its entries join the same
// write). At most maxWaitingFeeds feeds wait like that. A fetch that is
// slow calls it too (watchSlow), so that a dead server does not hold the
// place for the whole feeds.timeout, and it may take one again to read
// a large body.
//
// A poll's new stories and its outcome (the feed's validators for the
// next conditional request, its health) are written in one transaction:
// after a crash the feed is either polled again from where it was, or has
// its stories and the validators that say it has them.
func (p *Poller) poll(ctx context.Context, src *source, st *store.FeedState, pl *place) Result {
	started, at := time.Now(), p.now()
	res := Result{Source: src.cfg}
	fetchCtx, clock, cancel := withFetchTimeout(ctx, p.timeout)
	asked := p.address(src)
	var meter bodyMeter
	fetched, unpark := p.watchSlow(fetchCtx, clock, pl, &meter)
	defer unpark()
	resp, err := p.fetch(fetchCtx, asked, st.ETag, st.LastModified, &meter)
	fetched()
	cancel()
	// A body that failed on its way (too large, cut off, damaged) still
	// came from where the feed moved, if it moved: the move is kept.
	bodyFailed := err != nil && resp.answered
	var got readFeed
	handed := func() {}
	if err == nil && !resp.notModified || resp.cutShort {
		fetchErr := err
		handed = p.batch.startRead()
		defer handed()
		err = p.turn(ctx, p.cpu, func() error {
			var err error
			got, err = p.read(ctx, src, &resp, at)
			return err
		})
		sayWhereRedirected(err, asked, resp.url)
		if err == nil {
			err = p.turn(ctx, p.prep, func() error { return p.prepare(ctx, src, got.entries) })
		}
		err = cutShortAfter(fetchErr, err, &got)
		res.LeftOut, res.Skipped = got.leftOut, got.leftOut.NoLink+got.leftOut.PastLimit
	}
	p.noteMove(ctx, src, resp, err == nil || bodyFailed || errors.As(err, new(*CutShortError)), &res)
	rec := p.outcome(at, st, resp, err, &res)
	// What the feed left out is told when it was read, and kept
	// otherwise: a feed not modified leaves out what it did.
	rec.Read, rec.LeftOut = err == nil && !resp.notModified || got.cutShort, got.leftOut
	var werr error
	if (err == nil || got.cutShort) && len(got.entries) > 0 {
		werr = p.waitingTurn(ctx, func() error {
			pl.release()
			return p.save(ctx, st.ID, got, rec, &res, handed)
		})
		if werr != nil && ctx.Err() == nil {
			// Nothing of the poll was written: it failed.
			err = werr
			rec = p.outcome(at, st, resp, err, &res)
			werr = p.writePoll(ctx, st.ID, rec, handed)
		}
	} else {
		werr = p.writePoll(ctx, st.ID, rec, handed)
	}
	if ctx.Err() != nil {
		// Shutting down: the feed is not to blame and nothing is recorded.
		return stopped(src.cfg, ctx.Err())
	}
	if werr != nil {
		p.log.ErrorContext(ctx, "could not record a feed poll", "feed", src.cfg.ShownURL(), "err", werr)
	} else if err == nil {
		st.ETag, st.LastModified = rec.ETag, rec.LastModified
	}
	st.ConsecutiveFailures, st.NextPollAt, st.LastFetchAt, st.MovedTo = rec.ConsecutiveFailures, rec.NextPollAt, rec.At, rec.MovedTo
	res.Took = time.Since(started)
	p.metrics.observe(res)
	p.logResult(ctx, res)
	return res
}

// CutShortError is a feed that ended in the middle (the connection
// dropped or timed out, feeds.max_bytes was reached, the server sent a
// document cut short) after Entries complete entries, which were read
// and stored, as other feed readers keep them. The poll still fails: the
// feed was not read whole, so its validators are not kept (the next
// poll asks for all of it, rather than hearing "not modified" and never
// reading the rest), it backs off as any failure does, and `ingest`
// exits 1. A feed over feeds.max_bytes stays a failure for the operator
// to raise the limit, with its newest entries (a feed lists them first)
// stored meanwhile.
type CutShortError struct {
	Err     error // why it ended: a *FetchError or *ParseError
	Entries int
}

func (e *CutShortError) Error() string { return e.reason() }

// Unwrap returns why the feed ended in the middle.
func (e *CutShortError) Unwrap() error { return e.Err }

// reason is the sentence for people: why the feed ended, and after how
// many entries.
func (e *CutShortError) reason() string {
	why := reasonOf(e.Err) + "; it was cut short"
	var fe *FetchError
	if errors.As(e.Err, &fe) && fe.cutReason != "" {
		why = fe.cutReason
	}
	if e.Entries == 1 {
		return why + " after 1 entry, which was read"
	}
	return fmt.Sprintf("%s after %s entries, which were read", why, digest.Thousands(e.Entries))
}

// cutShortAfter is the outcome of reading a feed: fetchErr is why its
// body was cut short (nil when it was not), readErr what reading it gave.
// A body cut short that could not be read fails for the reason it was cut
// short, with nothing of it kept; one whose complete entries were read
// (or a document that ends in the middle after complete entries) fails
// with a *CutShortError, got.cutShort set so that its entries are stored.
func cutShortAfter(fetchErr, readErr error, got *readFeed) error {
	switch {
	case readErr != nil && fetchErr != nil:
		*got = readFeed{}
		return fetchErr
	case readErr != nil:
		return readErr
	}
	why := fetchErr
	if why == nil && got.cut != nil {
		why = got.cut
	}
	if why == nil {
		return nil
	}
	if got.read == 0 {
		*got = readFeed{}
		return why
	}
	got.cutShort = true
	return &CutShortError{Err: why, Entries: got.read}
}

// sayWhereRedirected adds to err, when it says the answer was not a feed,
// where the address asked redirected to: a retired feed's address often
// leads to the site's home page, and "not a feed" alone leaves the
// operator looking at an address that plainly is one.
func sayWhereRedirected(err error, asked string, final *url.URL) {
	var pe *ParseError
	if final == nil || !errors.As(err, &pe) || !strings.HasPrefix(pe.Reason, "not a feed") {
		return
	}
	// Compared as net/http parsed the address asked, not as configured
	// ("http://example.org" and its parse may be spelled apart).
	if u, perr := url.Parse(asked); perr != nil || u.String() == final.String() {
		return
	}
	pe.Reason += "; the feed's address redirects to " + config.RedactURL(final.String())
}

// address is where to ask for a feed: where it last moved permanently,
// else its configured URL.
func (p *Poller) address(src *source) string {
	if to, ok := p.moved.Load(src.cfg.URL); ok {
		return to.(string)
	}
	return src.cfg.URL
}

// noteMove remembers where a feed moved permanently, and says so in res
// (without a password the address may hold), when the feed was found
// there: read, or answered 2xx with a body that failed on the way (over
// feeds.max_bytes, the connection dropped or timed out, damaged
// compression) or a feed that ended in the middle after complete entries.
// A failure there is the body's, and asking the old address would only
// be redirected again. A feed that is not found at its new address (the
// redirects failed, it answered an error status, or its whole answer is
// not a feed: a retired feed redirected to the home page) is asked at its
// configured one again (which may have moved elsewhere, or back).
func (p *Poller) noteMove(ctx context.Context, src *source, resp response, found bool, res *Result) {
	if !found {
		p.moved.Delete(src.cfg.URL)
		return
	}
	if resp.movedTo != nil {
		to := resp.movedTo.String()
		if to == src.cfg.URL {
			p.moved.Delete(src.cfg.URL) // moved back
			return
		}
		if prev, loaded := p.moved.Swap(src.cfg.URL, to); !loaded || prev != to {
			p.log.WarnContext(ctx, "feed moved permanently; change its url in the configuration", "feed", src.cfg.ShownURL(), "moved_to", config.RedactURL(to))
		}
	}
	if to, ok := p.moved.Load(src.cfg.URL); ok {
		res.MovedTo = config.RedactURL(to.(string))
	}
}

// outcome sets a poll's status, and when it failed its error, in res,
// and returns the record of the poll to store: err is why the poll
// failed, nil if it did not. The counts of new and held-back stories are
// the store's to fill in.
func (p *Poller) outcome(at time.Time, st *store.FeedState, resp response, err error, res *Result) store.FeedPoll {
	rec := store.FeedPoll{At: at}
	var retry time.Duration
	switch {
	case err != nil:
		res.Status, res.Err, res.Reason = StatusFailed, err, reasonOf(err)
		rec.ConsecutiveFailures = st.ConsecutiveFailures + 1
		var fe *FetchError
		if errors.As(err, &fe) {
			retry = fe.RetryAfter
		}
	case resp.notModified:
		res.Status = StatusNotModified
	default:
		res.Status = StatusFetched
	}
	rec.Status, rec.Error, rec.Succeeded = string(res.Status), res.Reason, err == nil
	rec.MovedTo = res.MovedTo
	if err == nil {
		rec.ETag, rec.LastModified = resp.etag, resp.lastModified
	}
	rec.NextPollAt = nextPoll(at, p.interval, rec.ConsecutiveFailures, p.rand())
	if retry > 0 && rec.NextPollAt.Before(at.Add(retry)) {
		rec.NextPollAt = at.Add(retry)
	}
	res.NextPollAt = rec.NextPollAt
	return rec
}

// readFeed is what reading a fetched feed gave.
type readFeed struct {
	entries    []store.NewswireEntry
	leftOut    store.LeftOut // entries without a usable link, or past the MaxEntries read
	publishers []string      // the feed's own names: its configured name and its title
	// read counts the entries the feed gave (stories or not); cut says
	// why the document ended in the middle after them, nil if it did not.
	read int
	cut  *ParseError
	// cutShort is set when the feed was cut short and its complete
	// entries are to be stored (cutShortAfter).
	cutShort bool
}

// read parses a fetched feed and turns its entries into stories, with
// their queue state (prepare then suggests their sectors). It gives the
// body back (releaseBody) as soon as it is parsed: what the entries are
// made of is copied from it, and the body (up to feeds.max_bytes) is not
// kept while they are made or wait for the database, nor its buffer from
// another fetch.
func (p *Poller) read(ctx context.Context, src *source, resp *response, at time.Time) (out readFeed, err error) {
	defer p.releaseBody(resp) // also on the way out of a panic
	defer func() {
		// A bug tripped by one feed's content fails that feed, not the bot.
		if r := recover(); r != nil {
			p.log.ErrorContext(ctx, "panic while reading a feed", "feed", src.cfg.ShownURL(), "panic", r, "stack", string(debug.Stack()))
			out, err = readFeed{}, fmt.Errorf("internal error while reading the feed: %v", r)
		}
	}()
	feedURL := resp.url
	if feedURL == nil {
		if feedURL, err = url.Parse(src.cfg.URL); err != nil {
			return readFeed{}, err
		}
	}
	feed, err := parseFeed(resp.body, resp.contentType, feedURL)
	p.releaseBody(resp)
	if err != nil {
		return readFeed{}, err
	}
	out.publishers = []string{src.cfg.Name, plainText(feed.Title)}
	out.leftOut = store.LeftOut{NoLink: feed.notItems, PastLimit: feed.notRead}
	out.read, out.cut = len(feed.Items), feed.cutShort
	if feed.notRead > 0 {
		p.log.InfoContext(ctx, "feed has entries that were not read", "feed", src.cfg.ShownURL(), "read", len(feed.Items), "not_read", feed.notRead)
	}
	ec := newEntryContext(feed, feedURL, src.cfg.Name, p.summaryChars, at)
	out.entries = make([]store.NewswireEntry, 0, len(feed.Items))
	badDates, badDate := 0, ""
	for i, item := range feed.Items {
		e, ok := ec.toEntry(item, feed.extras[i])
		if !ok {
			out.leftOut.NoLink++
			continue
		}
		if e.badDate != "" {
			badDates++
			badDate = cmp.Or(badDate, e.badDate)
		}
		e.story.State = digest.StateNewswire
		if src.filter.queuesAll() || src.filter.queues(e.filterText()) {
			e.story.State = digest.StateQueued
		}
		out.entries = append(out.entries, store.NewswireEntry{Story: e.story, GUID: e.guid, Publisher: e.publisher})
	}
	dropSharedGUIDs(out.entries)
	if badDates > 0 {
		p.log.InfoContext(ctx, "feed has dates that could not be read or believed; the time of fetching stands in",
			"feed", src.cfg.ShownURL(), "entries", badDates, "date", digest.Shorten(digest.OneLine(badDate), 80))
	}
	return out, nil
}

// prepare suggests each entry's sector and prepares the entries for the
// store (store.PrepareEntries): here, beside the other feeds being read,
// rather than in the one goroutine that writes to the database. It runs
// after read has given back its place among the feeds parsed at once
// (Poller.cpu), in a place of its own (Poller.prep), so that the next feed
// is parsed meanwhile. The parsing place bounds the memory of parsing (a
// feed's whole tree, which a hostile feed makes large); this works on the
// entries alone, which read bounds (MaxEntries, shortened text). It was
// about a third of the time the parsing place was held in cmd/feedbench's
// first pass, and on two processors the feeds then came through that one
// place in series while the writer waited for them: the processors were
// idle for a median 4.4% of the pass, and 2.6% with this apart.
func (p *Poller) prepare(ctx context.Context, src *source, entries []store.NewswireEntry) (err error) {
	defer func() {
		// A bug tripped by one feed's content fails that feed, not the bot.
		if r := recover(); r != nil {
			p.log.ErrorContext(ctx, "panic while reading a feed", "feed", src.cfg.ShownURL(), "panic", r, "stack", string(debug.Stack()))
			err = fmt.Errorf("internal error while reading the feed: %v", r)
		}
	}()
	hinted := p.hintContext(ctx, src.hint)
	for i := range entries {
		p.suggest(hinted, &entries[i].Story, src.hint)
	}
	store.PrepareEntries(entries)
	return nil
}

// dropSharedGUIDs clears the GUID of entries that share it with an entry
// under another link. Some feeds give every item one GUID (their home
// page, "1": a template's bug); as an ID it would make every item after
// the first a duplicate of it, now and in every later poll, and a
// distinct story would be lost without a word. Such entries are told
// apart by their links and headlines instead. The same GUID on the same
// link is the same story listed twice, and stays an ID.
func dropSharedGUIDs(entries []store.NewswireEntry) {
	if len(entries) < 2 {
		return
	}
	first := make(map[string]string, len(entries)) // GUID → the link of its first entry
	shared := map[string]bool{}
	for _, e := range entries {
		if e.GUID == "" {
			continue
		}
		if link, ok := first[e.GUID]; !ok {
			first[e.GUID] = e.Story.URL
		} else if link != e.Story.URL {
			shared[e.GUID] = true
		}
	}
	if len(shared) == 0 {
		return
	}
	for i := range entries {
		if shared[entries[i].GUID] {
			entries[i].GUID = ""
		}
	}
}

// save stores a feed's entries with the record of the poll that read
// them, and counts what was new.
func (p *Poller) save(ctx context.Context, feedID int64, got readFeed, rec store.FeedPoll, res *Result, handed func()) error {
	out, err := p.addNewswire(ctx, store.FeedEntries{FeedID: feedID, Entries: got.entries, Publishers: got.publishers, Poll: &rec}, handed)
	if err != nil {
		return fmt.Errorf("could not store the new stories: %w", err)
	}
	res.New, res.Duplicates, res.HeldBack, res.Corrected = len(out.Added), out.Duplicates, out.HeldBack, len(out.Corrected)
	var queued []digest.Story
	for _, st := range out.Added {
		if st.State != digest.StateQueued {
			res.Filtered++
			continue
		}
		res.Queued++
		if p.onQueued != nil {
			queued = append(queued, st)
		}
	}
	// Stories another feed left on the newswire that this feed's filters
	// queue have joined the queue now, and are counted and shown so.
	res.Queued += len(out.Queued)
	if p.onQueued != nil {
		queued = append(queued, out.Queued...)
	}
	if len(queued) > 0 {
		p.onQueued(ctx, queued)
	}
	if len(out.Corrected) > 0 && p.onCorrected != nil {
		p.onCorrected(ctx, out.Corrected)
	}
	return nil
}

// writePoll stores the record of a poll that has no entries to store.
func (p *Poller) writePoll(ctx context.Context, feedID int64, rec store.FeedPoll, handed func()) error {
	_, err := p.addNewswire(ctx, store.FeedEntries{FeedID: feedID, Poll: &rec}, handed)
	return err
}

func (p *Poller) logResult(ctx context.Context, r Result) {
	attrs := []any{"feed", r.Source.ShownURL(), "status", string(r.Status), "took", r.Took.Round(time.Millisecond).String(), "next_poll", r.NextPollAt}
	switch r.Status {
	case StatusFailed:
		p.log.WarnContext(ctx, "feed poll failed", append(attrs, "err", r.Err)...)
	case StatusFetched:
		p.log.InfoContext(ctx, "feed polled", append(attrs, "new", r.New, "queued", r.Queued, "held_back", len(r.HeldBack), "duplicates", r.Duplicates, "corrected", r.Corrected, "skipped", r.Skipped)...)
	default:
		p.log.DebugContext(ctx, "feed polled", attrs...)
	}
}

// stopped is the result of a poll cut short by shutdown.
func stopped(src config.FeedSource, err error) Result {
	return Result{Source: src, Status: StatusFailed, Err: err, Reason: "polling stopped: the bot is shutting down"}
}

// reasonOf returns the sentence for people in err.
func reasonOf(err error) string {
	var (
		cs *CutShortError
		fe *FetchError
		pe *ParseError
	)
	switch {
	case errors.As(err, &cs):
		return cs.reason()
	case errors.As(err, &fe):
		return fe.Reason
	case errors.As(err, &pe):
		return pe.Reason
	}
	return err.Error()
}
