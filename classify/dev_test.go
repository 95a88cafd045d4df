package classify

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// devPath is the development set: stories written for this repository,
// blind to the model, in the newsletter's manner (see testdata/README.md).
var devPath = filepath.Join("testdata", "dev-stories.json")

func loadDev(t testing.TB) []Labelled {
	t.Helper()
	return readLabelledFile(t, devPath)
}

// devFigures are the four measures of a model: the development set on a
// fresh model and after importing every past edition, and the labelled
// stories fresh and with each one's edition held out.
type devFigures struct {
	devFresh, devImported, fresh, heldOut Evaluation
}

func measure(t testing.TB, sectors []digest.Sector, p Params, editions map[string][]Example, dev, labelled []Labelled) devFigures {
	t.Helper()
	var f devFigures
	f.devFresh = Evaluate(NewWithParams(sectors, p), examplesOf(dev))
	m := NewWithParams(sectors, p)
	for _, exs := range editions {
		for _, ex := range exs {
			if err := m.Learn(ex); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.devImported = Evaluate(m, examplesOf(dev))
	f.fresh = Evaluate(NewWithParams(sectors, p), examplesOf(labelled))
	var err error
	if f.heldOut, err = HeldOutByEdition(sectors, p, editions, labelled); err != nil {
		t.Fatal(err)
	}
	return f
}

func figure(e Evaluation) string {
	_, ece := e.Calibration(0)
	return fmt.Sprintf("%3d/%d ECE %.3f LL %.3f", e.Correct, e.Total, ece, e.LogLoss(0))
}

func (f devFigures) String() string {
	return fmt.Sprintf("dev fresh %s | dev imported %s | 24 fresh %s | 24 held out %s",
		figure(f.devFresh), figure(f.devImported), figure(f.fresh), figure(f.heldOut))
}

// Floors for the development set: a few stories below the model's figures
// (112 and 113 of 138 since the headline's lead word counts more; 111 and
// 110 at 293b3b4), so that a change that loses
// development stories fails here even when the 24 labelled stories do not
// notice.
const (
	devFreshFloor    = 109
	devImportedFloor = 110
)

// TestDevSet prints the model's figures on the development set (fresh, and
// after importing every past edition) and on the labelled stories (fresh,
// and with each one's edition held out), with the development stories the
// imported model gets wrong:
//
//	go test ./classify -run TestDevSet -v
func TestDevSet(t *testing.T) {
	sectors := config.Default().DigestSectors()
	labelled := loadLabelledWithEdition(t)
	editions := pastEditions(t, sectors)
	f := measure(t, sectors, DefaultParams(), editions, loadDev(t), labelled)
	t.Log(f)
	for _, m := range f.devImported.Misses {
		t.Logf("dev miss after import: want %s, got %s (%.2f): %s", m.Example.Sector, m.Got, m.Confidence, m.Example.Headline)
	}
	if f.devFresh.Correct < devFreshFloor || f.devImported.Correct < devImportedFloor {
		t.Errorf("development set: fresh %s (floor %d), after import %s (floor %d)", f.devFresh, devFreshFloor, f.devImported, devImportedFloor)
	}
}
