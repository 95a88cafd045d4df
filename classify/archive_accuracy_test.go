package classify

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// pastEditions parses the newsletter's past editions
// (../shared/testdata/digests) as `sharednews import` reads them: date line
// → the edition's stories as examples in their sections' sectors.
func pastEditions(t *testing.T, sectors []digest.Sector) map[string][]Example {
	t.Helper()
	out := map[string][]Example{}
	for date, e := range parsedEditions(t, sectors) {
		for _, sec := range e.Sections {
			out[date] = append(out[date], StoryExamples(sec.Stories)...)
		}
	}
	return out
}

// parsedEditions is the past editions as `sharednews import` reads them,
// by date line.
func parsedEditions(t *testing.T, sectors []digest.Sector) map[string]digest.Edition {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "shared", "testdata", "digests", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Skipf("no digests beside the repository: %v", err)
	}
	parser := archive.Parser{Sectors: digest.Sectors(sectors)}
	byDate := map[string]digest.Edition{}
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
			byDate[digest.DateLine(e.Date)] = e
		}
	}
	return byDate
}

// TestAccuracyAfterImport measures suggestions once the newsletter's past
// editions have been imported, as `sharednews import` does for a new
// installation. The labelled stories come from those same editions, so
// each is classified by a model that learned every edition except the one
// the story appeared in: the honest estimate. It prints the calibration
// error (ECE) of the confidences at the model's temperature and with the
// temperature fitted on the other editions only:
//
//	go test ./classify -run TestAccuracyAfterImport -v
func TestAccuracyAfterImport(t *testing.T) {
	labelled := loadLabelledWithEdition(t)
	sectors := config.Default().DigestSectors()
	editions := pastEditions(t, sectors)
	for _, l := range labelled {
		if _, ok := editions[l.Edition]; !ok {
			t.Fatalf("labelled story from unknown edition %q", l.Edition)
		}
	}
	heldOut, err := HeldOutByEdition(sectors, DefaultParams(), editions, labelled)
	if err != nil {
		t.Fatal(err)
	}
	for _, miss := range heldOut.Misses {
		t.Logf("held-out miss: want %s, got %s (%.2f): %s", miss.Example.Sector, miss.Got, miss.Confidence, miss.Example.Headline)
	}
	archive, err := HeldOutByEdition(sectors, DefaultParams(), editions, ArchiveLabelled(editions))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("every story of the past editions, edition held out: %s; log loss %.3f", archive, archive.LogLoss(0))
	_, raw := heldOut.Calibration(1)
	_, calibrated := heldOut.Calibration(0)
	t.Logf("accuracy edition-held-out=%s ECE untempered=%.3f at-temperature-%.2f=%.3f (by chance alone: %.3f) cross-fitted=%.3f (fitted here: %.2f) log-loss=%.3f",
		heldOut, raw, DefaultParams().Temperature, calibrated, heldOut.ChanceECE(0), heldOut.CrossFittedECE(), FitTemperature(heldOut.Predictions), heldOut.LogLoss(0))
	// Learning the past editions must not make suggestions worse than the
	// configured keywords alone.
	fresh := Evaluate(New(sectors), examplesOf(labelled))
	if heldOut.Correct < fresh.Correct-2 {
		t.Errorf("after import %s, fresh %s", heldOut, fresh)
	}
}

func examplesOf(ls []Labelled) []Example {
	out := make([]Example, len(ls))
	for i, l := range ls {
		out[i] = l.Example
	}
	return out
}

func loadLabelledWithEdition(t *testing.T) []Labelled {
	t.Helper()
	if _, err := os.Stat(labelledPath); err != nil {
		t.Skipf("no labelled stories: %v", err)
	}
	return readLabelledFile(t, labelledPath)
}

// readLabelledFile reads the labelled stories of the JSON file at path
// (ReadLabelled), failing the test if it cannot.
func readLabelledFile(t testing.TB, path string) []Labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ls, err := ReadLabelled(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return ls
}
