package feeds

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestEveryRealEntryIsAccountedFor is an outside check of the real test
// feeds: each is polled once into a database of its own, and read again
// by gofeed alone, as a reader's count. Every entry gofeed reads is
// stored, held back for editors, counted a duplicate or counted left out
// (what /shared news health and the poll's log show), and no more are
// counted duplicates than a reader would call the same: an entry whose
// headline and link both repeat an earlier one's. Two entries with one
// headline under different links, or one link under different
// headlines, are two stories or one held back, never a silent duplicate.
func TestEveryRealEntryIsAccountedFor(t *testing.T) {
	entries, err := os.ReadDir(testdataDir)
	if err != nil {
		t.Fatal(err)
	}
	fs := newFeedServer(t)
	for _, e := range entries {
		name := e.Name()
		if _, bad := malformed[name]; bad {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(testdataDir, name))
		if err != nil {
			t.Fatal(err)
		}
		outside, err := gofeed.NewParser().Parse(bytes.NewReader(raw))
		if err != nil {
			t.Logf("%-50s gofeed alone cannot read it (%v)", name, err)
			continue
		}
		same, seen := 0, map[[2]string]bool{}
		for _, it := range outside.Items {
			k := [2]string{strings.Join(strings.Fields(strings.ToLower(it.Title)), " "), strings.TrimSpace(it.Link)}
			if seen[k] {
				same++
			}
			seen[k] = true
		}
		st := storetest.Open(t, "")
		results, err := newPoller(t, st, feedsConfig(src(fs.serveFile(t, name)))).PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		r := results[0]
		stored := len(allStories(t, st))
		accounted := r.New + len(r.HeldBack) + r.Duplicates + r.Skipped
		t.Logf("%-50s entries %4d (reader's repeats %d): stored %4d, held back %d, duplicates %d, left out %d",
			name, len(outside.Items), same, stored, len(r.HeldBack), r.Duplicates, r.Skipped)
		if r.Status != StatusFetched || stored != r.New || accounted != len(outside.Items) {
			t.Errorf("%s: %s (%s): %d entries, %d accounted for (%d stored)", name, r.Status, r.Reason, len(outside.Items), accounted, stored)
		}
		if r.Duplicates > same {
			t.Errorf("%s: %d entries counted duplicates, a reader sees %d repeated", name, r.Duplicates, same)
		}
	}
}
