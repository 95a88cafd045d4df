package replay

import (
	"testing"
	"time"
)

func TestFresh(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	for ts, want := range map[string]bool{
		"1700000000": true, "1699999701": true, "1700000299": true, "1699999700": true, "1700000300": true,
		"1699999600": false, "1700000400": false, "1699999699": false, "1700000301": false, "": false, "17e8": false, "-1": false,
	} {
		if got := Fresh(ts, now, 5*time.Minute); got != want {
			t.Errorf("Fresh(%q) = %v", ts, got)
		}
	}
}

// TestSeen: an ID is seen from its second time on, and forgotten once its
// time to live has passed and the next sweep (a quarter of it after the
// last) took it out, so that the set does not grow for ever.
func TestSeen(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	s := NewSeen(func() time.Time { return now }, time.Hour)
	if s.Seen("a") || !s.Seen("a") || s.Seen("b") {
		t.Fatal("a first sight counted as seen, or a second one as new")
	}
	now = now.Add(59 * time.Minute)
	if !s.Seen("a") {
		t.Error("forgotten within its time to live")
	}
	now = now.Add(16 * time.Minute)
	if s.Seen("a") {
		t.Error("still remembered after its time to live")
	}
	if _, kept := s.ids["b"]; kept {
		t.Error("an expired ID was not swept out")
	}
}
