// Package feeds is the newswire: it polls the configured RSS, Atom and JSON
// feeds, turns their entries into stories and stores the new ones, queued
// for review when they pass the feed's filters.
//
// Every feed is fetched in its own goroutine with its own deadline and size
// limit, so a slow, huge or broken feed never stops or slows the others.
// Requests are conditional (ETag and Last-Modified), failures back off
// exponentially with jitter, and each poll's outcome is stored as the
// feed's health for /shared feeds.
package feeds

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// Suggester proposes a sector slug for a story, as bot.Suggester does; an
// empty answer means no opinion. While Suggest runs, the story's Sector
// holds the feed's sector hint (a slug, or "" when the feed has none).
type Suggester interface {
	Suggest(ctx context.Context, s digest.Story) string
}

// Status is the outcome of polling a feed once.
type Status string

// The statuses, as /shared feeds and `sharednews ingest` show them.
const (
	StatusFetched     Status = "fetched"
	StatusNotModified Status = "not modified"
	StatusFailed      Status = "failed"
)

// Result is what polling one feed did.
type Result struct {
	Source config.FeedSource
	Status Status
	Err    error  // why it failed; nil otherwise
	Reason string // Err as one sentence for people (no URL), "" if none
	New    int    // stories stored
	// Queued counts the stories that joined the review queue: new ones
	// the feed's filters queue, and ones another feed had left on the
	// newswire that they queue (store.NewswireResult.Queued).
	Queued int
	// HeldBack are the entries this poll held back as duplicates of
	// another story by headline (store.HeldBack), to show to editors.
	HeldBack   []store.HeldBack
	Duplicates int // other entries already known (by GUID or URL, or held back before)
	// Corrected counts the stories of this feed, still waiting and not
	// edited, whose headline or summary the feed now gives otherwise and
	// which took its text (store.NewswireResult.Corrected); their entries
	// count among Duplicates.
	Corrected int
	// LeftOut counts the entries read that are not stories, and why:
	// without a usable link, or past the MaxEntries a poll reads (the
	// oldest). Skipped is their sum.
	LeftOut store.LeftOut
	Skipped int
	// Filtered counts the new stories the feed's include/exclude phrases
	// left on the newswire, out of the review queue.
	Filtered int
	// MovedTo is where the feed moved permanently (301 or 308 redirects),
	// when this poll found it there (read it, or had a body from it that
	// failed on the way: noteMove); "" if it did not move.
	MovedTo    string
	Took       time.Duration
	NextPollAt time.Time
}

// Unreachable reports whether the feed failed before its server could
// answer: its host not found, or no connection made (refused, or timed
// out while connecting) — what a machine without a network sees of every
// feed. A feed that answered, late, with an error or with what is not a
// feed, was reached.
func (r Result) Unreachable() bool {
	var (
		dnsErr *net.DNSError
		opErr  *net.OpError
	)
	return r.Status == StatusFailed && (errors.As(r.Err, &dnsErr) || errors.As(r.Err, &opErr) && opErr.Op == "dial")
}

// LeftOutWords says what a feed's entries lost besides duplicates, a
// phrase a reason ("2 entries without a web link", "the 250 oldest
// entries (a poll reads 1,000)"), for `ingest` and /shared feeds alike;
// none when nothing was left out.
func LeftOutWords(l store.LeftOut) []string {
	var out []string
	if l.NoLink > 0 {
		out = append(out, digest.Plural(l.NoLink, "entry", "entries")+" without a web link")
	}
	switch {
	case l.PastLimit == 1:
		out = append(out, fmt.Sprintf("the oldest entry (a poll reads %s)", digest.Thousands(MaxEntries)))
	case l.PastLimit > 1:
		out = append(out, fmt.Sprintf("the %s oldest entries (a poll reads %s)", digest.Thousands(l.PastLimit), digest.Thousands(MaxEntries)))
	}
	return out
}
