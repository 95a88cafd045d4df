package classify

import (
	"context"
	"math"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// overconfident are predictions whose scores put 0.99 on the chosen sector
// of two, but only three of four are right.
func overconfident() Evaluation {
	var e Evaluation
	lead := math.Log(99)
	for i := range 40 {
		p := Prediction{Want: "a", Got: "a", scores: []float64{lead, 0}, want: 0, Group: string(rune('v' + i%5))}
		if i%4 == 0 {
			p.Want, p.want = "b", 1
		}
		p.Confidence = posterior(p.scores, 0, 1)
		e.Predictions = append(e.Predictions, p)
		e.Total++
		if p.Want == p.Got {
			e.Correct++
		}
	}
	return e
}

func TestCalibration(t *testing.T) {
	e := overconfident()
	bins, ece := e.Calibration(1)
	if len(bins) != 1 || bins[0].Count != 40 || math.Abs(bins[0].MeanConfidence-0.99) > 1e-9 || bins[0].Accuracy != 0.75 {
		t.Fatalf("bins %+v", bins)
	}
	if math.Abs(ece-0.24) > 1e-9 {
		t.Errorf("ECE %.3f, want 0.24", ece)
	}
	// The temperature that best explains three right in four brings the
	// confidence down to 0.75.
	temp := FitTemperature(e.Predictions)
	if got := posterior([]float64{math.Log(99), 0}, 0, temp); math.Abs(got-0.75) > 0.01 {
		t.Errorf("at the fitted temperature %.2f the confidence is %.3f, want 0.75", temp, got)
	}
	if _, after := e.Calibration(temp); after > 0.02 {
		t.Errorf("ECE after fitting %.3f", after)
	}
	if cf := e.CrossFittedECE(); cf > 0.02 {
		t.Errorf("cross-fitted ECE %.3f", cf)
	}
}

func TestConfidenceIsTheCalibratedProbability(t *testing.T) {
	m := New(defaultSectors())
	s := digest.Story{Headline: "NHS hospital trusts merge", Summary: "Patients and GPs in two clinical commissioning groups."}
	r := m.Classify(Input{Headline: s.Headline, Summary: s.Summary})
	if got := m.Confidence(context.Background(), s, r.Sector); math.Abs(got-r.Confidence) > 1e-12 {
		t.Errorf("Confidence(%s) = %v, Classify says %v", r.Sector, got, r.Confidence)
	}
	sum := 0.0
	for _, sec := range defaultSectors() {
		sum += m.Confidence(context.Background(), s, sec.Slug)
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("confidences sum to %v", sum)
	}
	if got := m.Confidence(context.Background(), s, "no-such-sector"); got != 0 {
		t.Errorf("unknown sector: %v", got)
	}
}
