package bot

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
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

// fillArchive stores n published stories with realistic public-sector
// headlines spread over the configured sectors and five years.
func fillArchive(tb testing.TB, f *fixture, n int) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	sectors := f.bot.Sectors()
	subjects := []string{"council", "councils", "district", "county", "NHS trust", "police force", "fire service",
		"university", "college", "housing association", "combined authority", "clinical commissioning group",
		"borough", "health board", "ambulance service", "academy trust"}
	verbs := []string{"agree to share", "plan to merge", "launch joint", "consult on", "scrap", "review",
		"sign deal on", "save millions through", "pilot", "outsource", "bring back in-house"}
	objects := []string{"back-office services", "a chief executive", "waste collection", "legal services",
		"ICT systems", "procurement", "payroll", "social care", "a devolution deal", "planning services",
		"revenues and benefits", "building control", "emergency control rooms", "estates", "training"}
	places := []string{"Kent", "Essex", "Cheshire", "Dorset", "Cornwall", "Worcester", "Malvern", "Wychavon",
		"Gloucester", "Cheltenham", "Conwy", "Denbighshire", "Suffolk", "Camden", "Islington", "Leeds"}
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	base := time.Date(2021, 1, 1, 9, 0, 0, 0, time.UTC)
	const batch = 5000
	for done := 0; done < n; done += batch {
		stories := make([]digest.Story, 0, batch)
		for i := done; i < done+batch && i < n; i++ {
			headline := fmt.Sprintf("%s %s %s %s", pick(places), pick(subjects), pick(verbs), pick(objects))
			summary := fmt.Sprintf("%s and %s %s say the move to %s %s will protect front-line services.",
				pick(places), pick(places), pick(subjects), pick(verbs), pick(objects))
			decided := base.Add(time.Duration(i) * 25 * time.Minute)
			stories = append(stories, digest.Story{
				URL:       fmt.Sprintf("https://news.example.org/%d/%s", i, strings.ReplaceAll(strings.ToLower(headline), " ", "-")),
				Headline:  headline,
				Summary:   summary,
				Source:    pick([]string{"BBC News", "LocalGov", "The Guardian", "Public Finance", "HSJ"}),
				Sector:    sectors[rng.IntN(len(sectors))].Slug,
				State:     digest.StatePublished,
				DecidedAt: decided,
				CreatedAt: decided,
			})
		}
		if err := f.store.AddStories(context.Background(), stories); err != nil {
			tb.Fatal(err)
		}
	}
}
