package classify

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// TestAccuracyAfterImport measures suggestions once the newsletter's past
// editions (../shared/testdata/digests) have been imported, as `sharednews
// import` does for a new installation. The labelled stories come from those
// same editions, so the plain figure is flattering; the held-out figure
// classifies each story with a model that learned every edition except the
// one the story appeared in, which is the honest estimate:
//
//	go test ./classify -run TestAccuracyAfterImport -v
func TestAccuracyAfterImport(t *testing.T) {
	labelled := loadLabelledWithEdition(t)
	sectors := config.Default().DigestSectors()
	parser := archive.Parser{Sectors: digest.Sectors(sectors)}
	files, err := filepath.Glob(filepath.Join("..", "..", "shared", "testdata", "digests", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Skipf("no digests beside the repository: %v", err)
	}
	byEdition := map[string][]Example{} // date line → the edition's stories
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		editions, err := parser.Parse(filepath.Base(name), f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, pe := range editions {
			e := pe.Edition()
			var stories []digest.Story
			for _, sec := range e.Sections {
				stories = append(stories, sec.Stories...)
			}
			byEdition[digest.DateLine(e.Date)] = StoryExamples(stories)
		}
	}

	train := func(skip string) *Model {
		m := New(sectors)
		for edition, examples := range byEdition {
			if edition == skip {
				continue
			}
			for _, ex := range examples {
				if err := m.Learn(ex); err != nil {
					t.Fatal(err)
				}
			}
		}
		return m
	}
	all := train("")
	var plain, heldOut Evaluation
	for _, l := range labelled {
		plain.record(l.Example, all.Classify(Input{Headline: l.Headline, Summary: l.Summary}))
		if _, ok := byEdition[l.Edition]; !ok {
			t.Fatalf("labelled story from unknown edition %q", l.Edition)
		}
		heldOut.record(l.Example, train(l.Edition).Classify(Input{Headline: l.Headline, Summary: l.Summary}))
	}
	for _, miss := range heldOut.Misses {
		t.Logf("held-out miss: want %s, got %s (%.2f): %s", miss.Example.Sector, miss.Got, miss.Confidence, miss.Example.Headline)
	}
	t.Logf("accuracy after-import=%d/%d edition-held-out=%d/%d", plain.Correct, plain.Total, heldOut.Correct, heldOut.Total)
	if plain.Correct < heldOut.Correct {
		t.Errorf("learning the stories themselves made suggestions worse: %s vs %s", plain, heldOut)
	}
}

type labelledStory struct {
	Example
	Edition string
}

func loadLabelledWithEdition(t *testing.T) []labelledStory {
	t.Helper()
	data, err := os.ReadFile(labelledPath)
	if err != nil {
		t.Skipf("no labelled stories: %v", err)
	}
	var raw []struct{ Edition, Headline, Summary, Sector string }
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	out := make([]labelledStory, len(raw))
	for i, r := range raw {
		out[i] = labelledStory{Example: Example{Headline: r.Headline, Summary: r.Summary, Sector: r.Sector}, Edition: r.Edition}
	}
	return out
}
