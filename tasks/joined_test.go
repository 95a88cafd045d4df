package tasks

import (
	"errors"
	"fmt"
	"testing"
)

// TestEveryJoined: every failure joined, at any depth, is asked, and one
// that is not ok is enough; an error that joins none is asked itself.
func TestEveryJoined(t *testing.T) {
	soft, hard := errors.New("soft"), errors.New("hard")
	isSoft := func(err error) bool { return errors.Is(err, soft) }
	for _, c := range []struct {
		err  error
		want bool
	}{
		{soft, true},
		{hard, false},
		{fmt.Errorf("wrapped: %w", soft), true},
		{errors.Join(soft, fmt.Errorf("in server 1: %w", soft)), true},
		{errors.Join(soft, errors.Join(soft, hard)), false},
		{errors.Join(hard, soft), false},
	} {
		if got := EveryJoined(c.err, isSoft); got != c.want {
			t.Errorf("EveryJoined(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
