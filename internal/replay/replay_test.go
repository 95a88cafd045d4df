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
