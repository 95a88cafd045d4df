package slack

import (
	"fmt"
	"strings"
	"testing"
)

// TestSubmitTakesSectorNamesOfSeveralWords: `/shared submit URL local
// government Good read` files the story under Local Government with the
// note "Good read", not the note "government Good read": a sector's name of
// several words, typed as it reads, is the sector, and the note is what
// follows it.
func TestSubmitTakesSectorNamesOfSeveralWords(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Councils merge", "Summary", "LocalGov")
	for i, c := range []struct{ rest, sector, note string }{
		{"local government Good read", "local-government", "Good read"},
		{"Blue Light Services Fire and police share a control room", "blue-light", "Fire and police share a control room"},
		{"social care Worth a look", "health", "Worth a look"},
		{"health Good read", "health", "Good read"},
		// Only a whole name is read over several words: the start of one
		// ("health and" of "health and social care") leaves the note alone.
		{"health and wellbeing boards merge", "health", "and wellbeing boards merge"},
		{"Good read about councils", "", "Good read about councils"},
	} {
		id, _ := f.submit(fmt.Sprintf("%s/s%d", page.URL, i), c.rest)
		s := f.story(id)
		if (c.sector != "" && s.Sector != c.sector) || s.SubmitNote != c.note {
			t.Errorf("submit URL %s: sector %q, note %q; want %q, %q", c.rest, s.Sector, s.SubmitNote, c.sector, c.note)
		}
	}
	if ans := allText(f.command(memberID, "submit "+page.URL+"/typo helth Good read")); !strings.Contains(ans, "Unknown sector `helth`. Did you mean `health`?") {
		t.Errorf("a typo for a sector: %s", ans)
	}
}
