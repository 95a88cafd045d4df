package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestStatusNamesAFewFailuresAndCountsTheRest: a revoked token fails every
// channel of an edition; status names the first few and counts the rest
// in one line on every platform, rather than a line a channel (Slack did
// so before the replies shared one outline; the outline listed them all).
func TestStatusNamesAFewFailuresAndCountsTheRest(t *testing.T) {
	for _, n := range []int{1, maxFailuresShown, maxFailuresShown + 1, maxFailuresShown + 2, 1000} {
		tally := &DeliveryTally{Edition: 3, Failed: n}
		for i := range n {
			tally.Failures = append(tally.Failures, DeliveryFailure{Channel: fmt.Sprintf("slack channel C%d", i), Reason: "invalid_auth"})
		}
		o := StatusView{Delivery: tally}.Outline(time.UTC)
		var lines []string
		for _, g := range o.Groups {
			for _, e := range g.Entries {
				if strings.HasPrefix(e.Name, "Delivery of edition") {
					for _, l := range e.Lines {
						lines = append(lines, l.Text())
					}
				}
			}
		}
		named := strings.Count(strings.Join(lines, "\n"), "Failed: ")
		wantNamed, wantMore := n, ""
		if n > maxFailuresShown+1 {
			wantNamed, wantMore = maxFailuresShown, fmt.Sprintf("… and %d more failed", n-maxFailuresShown)
		}
		if named != wantNamed || (wantMore == "") != !strings.Contains(strings.Join(lines, "\n"), "more failed") ||
			wantMore != "" && lines[len(lines)-1] != wantMore {
			t.Errorf("%d failures: %d named, lines %q", n, named, lines)
		}
	}
}
