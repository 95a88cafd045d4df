package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// FillArchive stores n published stories with realistic public-sector
// headlines, spread over the sectors (slugs) and five years, the same
// stories on every run: the archive benchmarks measure commands on.
func FillArchive(tb testing.TB, st *store.Store, sectors []string, n int) {
	tb.Helper()
	if err := GenerateArchive(context.Background(), st, sectors, n); err != nil {
		tb.Fatal(err)
	}
}

// GenerateArchive is FillArchive for a program rather than a test (the
// harnesses in cmd/): it returns the store's error instead.
func GenerateArchive(ctx context.Context, st *store.Store, sectors []string, n int) error {
	rng := rand.New(rand.NewPCG(1, 2))
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
				Sector:    sectors[rng.IntN(len(sectors))],
				State:     digest.StatePublished,
				DecidedAt: decided,
				CreatedAt: decided,
			})
		}
		if err := st.AddStories(ctx, stories); err != nil {
			return fmt.Errorf("generate an archive of %d stories: %w", n, err)
		}
	}
	return nil
}
