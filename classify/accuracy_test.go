package classify

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// labelledPath holds real newsletter stories with the sector the editor
// gave them. It lives beside the repository, so the test skips without it.
var labelledPath = filepath.Join("..", "..", "shared", "testdata", "sectors", "labelled-stories.json")

func loadLabelled(t *testing.T) []Example {
	t.Helper()
	data, err := os.ReadFile(labelledPath)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("no labelled stories at %s", labelledPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	var stories []struct {
		Headline, Summary, Sector string
	}
	if err := json.Unmarshal(data, &stories); err != nil {
		t.Fatalf("%s: %v", labelledPath, err)
	}
	out := make([]Example, len(stories))
	for i, s := range stories {
		out[i] = Example{Headline: s.Headline, Summary: s.Summary, Sector: s.Sector}
	}
	return out
}

// TestAccuracy prints the top-1 accuracy on the labelled stories of a fresh
// model (the configured keywords only) and of leave-one-out learning (each
// story classified by a model that learned the others). The figures are
// measured, not asserted beyond a floor that catches a broken model:
//
//	go test ./classify -run TestAccuracy -v
func TestAccuracy(t *testing.T) {
	examples := loadLabelled(t)
	sectors := config.Default().DigestSectors()

	fresh := Evaluate(New(sectors), examples)
	loo, err := LeaveOneOut(sectors, DefaultParams(), examples)
	if err != nil {
		t.Fatal(err)
	}
	for _, miss := range fresh.Misses {
		t.Logf("fresh miss: want %s, got %s (%.2f): %s", miss.Example.Sector, miss.Got, miss.Confidence, miss.Example.Headline)
	}
	for _, miss := range loo.Misses {
		t.Logf("leave-one-out miss: want %s, got %s (%.2f): %s", miss.Example.Sector, miss.Got, miss.Confidence, miss.Example.Headline)
	}
	t.Logf("fresh model (config keywords only): %s", fresh)
	t.Logf("leave-one-out (keywords + the other %d stories): %s", len(examples)-1, loo)
	t.Logf("accuracy fresh=%d/%d leave-one-out=%d/%d", fresh.Correct, fresh.Total, loo.Correct, loo.Total)

	// A model no better than always answering the commonest sector is broken.
	if floor := fresh.Total / 4; fresh.Correct <= floor {
		t.Errorf("fresh accuracy %s is at or below %d correct", fresh, floor)
	}
}

// TestSuggestIsClassify checks that Suggest, which skips the confidence
// and the explanation, suggests what Classify does, for every labelled
// story with and without a feed's hint, on a fresh model and on one that
// learned every story.
func TestSuggestIsClassify(t *testing.T) {
	examples := loadLabelled(t)
	sectors := config.Default().DigestSectors()
	fresh, learned := New(sectors), New(sectors)
	for _, ex := range examples {
		if err := learned.Learn(ex); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []*Model{fresh, learned} {
		for i, ex := range examples {
			hint := ""
			if i%2 == 1 {
				hint = sectors[i%len(sectors)].Slug
			}
			st := digest.Story{Headline: ex.Headline, Summary: ex.Summary, Source: ex.Source}
			want := m.Classify(Input{Headline: ex.Headline, Summary: ex.Summary, Source: ex.Source, Hint: hint}).Sector
			if got := m.Suggest(WithHint(context.Background(), hint), st); got != want {
				t.Errorf("Suggest(%q, hint %q) = %s, Classify says %s", ex.Headline, hint, got, want)
			}
		}
	}
}
