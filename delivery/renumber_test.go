package delivery

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// numbering is a destination that records the number of the edition each
// attempt posts, and runs between a channel's first and second attempts
// what the test asks (the first attempt fails, as a platform outage would).
type numbering struct {
	mu      sync.Mutex
	numbers []int
	between func()
}

func (n *numbering) Name() string { return "discord" }

func (n *numbering) PostEdition(_ context.Context, post Post, sent func(int, string) error) error {
	n.mu.Lock()
	n.numbers = append(n.numbers, post.Edition.Number)
	first := len(n.numbers) == 1
	n.mu.Unlock()
	if first {
		n.between()
		return errors.New("502 Bad Gateway")
	}
	return sent(0, "ref")
}

// TestDeliveryAfterRenumberingPostsTheNewNumber: an edition still being
// delivered when an older edition is imported (`sharednews import` beside
// `run`) moves up a number; the deliveries made after that post it under
// its new number, as the archive and /shared edition now name it, not the
// number it had when the worker first read it.
func TestDeliveryAfterRenumberingPostsTheNewNumber(t *testing.T) {
	f := newFixture(t, Options{})
	ctx := context.Background()
	dest := &numbering{between: func() {
		old := digest.Edition{Date: time.Date(2014, 11, 20, 0, 0, 0, 0, time.UTC), Title: "News Summary from 19th November 2014",
			Sections: []digest.Section{{Sector: digest.Sector{Slug: "health", Name: "Health"}, Stories: []digest.Story{{
				URL: "urn:sharednews:archive:2014-11-20:aaaaaaaaaaaa", Headline: "An old story", Summary: "From the back catalogue.", Sector: "health"}}}}}
		if imp, err := f.store.ImportEdition(ctx, old); err != nil || imp.Number != 1 {
			t.Errorf("import: %+v, %v", imp, err)
		}
	}}
	f.worker.Add(dest)
	f.publish(t, "discord", "C1")
	f.worker.Deliver(ctx)
	if len(dest.numbers) != 2 || dest.numbers[0] != 1 || dest.numbers[1] != 2 {
		t.Errorf("the attempts posted editions numbered %v, want [1 2]: the edition is number 2 once the older one is imported", dest.numbers)
	}
}
