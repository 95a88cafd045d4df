package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store/storetest"
)

// archiveSize is the archive the product promises to answer from quickly
// (PRODUCT.md section 9).
const archiveSize = 100_000

// BenchmarkCommandsOnLargeArchive measures /shared news SECTOR and
// /shared search WORDS end to end through the router, the SQLite store and
// reply building, on an archive of 100,000 generated stories. Target: under
// 2 ms per command on a 2-core machine.
//
//	go test -run '^$' -bench CommandsOnLargeArchive -benchtime 2000x ./bot/
func BenchmarkCommandsOnLargeArchive(b *testing.B) {
	f := newFixture(b, nil)
	ctx := context.Background()
	start := time.Now()
	fillArchive(b, f, archiveSize)
	b.Logf("generated %d stories in %s", archiveSize, time.Since(start).Round(time.Millisecond))

	for _, cmd := range []string{
		"news health",
		"news blue light 20",
		"news",
		"search chief executive",   // two words, a few hundred matches
		"search council",           // one very common word: thousands of matches to rank
		"search devolution deal",   // rarer words
		"search zzzz nothing here", // no match at all: the any-word fallback runs too
	} {
		b.Run(strings.ReplaceAll(cmd, " ", "_"), func(b *testing.B) {
			req := Request{Caller: member, Channel: Channel{Platform: "slack", ID: "C1"}, Text: "/shared " + cmd}
			for b.Loop() {
				r := f.bot.Handle(ctx, req)
				if m, ok := r.Body.(Message); ok && m.Tone == Problem {
					b.Fatalf("%s: %s", cmd, m.Text)
				}
			}
		})
	}
}

// fillArchive stores n published stories spread over the configured sectors.
func fillArchive(tb testing.TB, f *fixture, n int) {
	tb.Helper()
	var slugs []string
	for _, s := range f.bot.Sectors() {
		slugs = append(slugs, s.Slug)
	}
	storetest.FillArchive(tb, f.store, slugs, n)
}
