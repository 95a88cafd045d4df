package slack

import (
	"context"
	"strings"
	"testing"
)

// TestSectorListsTakeCommas: a list of sectors is written with commas
// ("/shared subscribe health, housing", "order health,housing") and a
// sector set off from a note with one ("submit URL health, a good
// read"). The commas separate; they are not part of a sector's name, so
// none of these is an unknown sector `health,`.
func TestSectorListsTakeCommas(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, c := range []struct{ channel, text, slugs string }{
		{"CONE", "subscribe health, housing", "health,housing"},
		{"CTWO", "subscribe health,housing", "health,housing"},
		{"CTHREE", "subscribe local government, blue light", "local-government,blue-light"},
	} {
		if ans := allText(f.commandIn(editorID, c.channel, c.text)); !strings.Contains(ans, "This channel is subscribed") {
			t.Errorf("/shared %s: %s", c.text, ans)
		}
		if sub, err := f.store.Subscription(ctx, PlatformName, c.channel); err != nil || strings.Join(sub.Sectors, ",") != c.slugs {
			t.Errorf("/shared %s: subscription %v, %v; want %s", c.text, sub.Sectors, err, c.slugs)
		}
	}
	if ans := allText(f.command(editorID, "order housing, health")); !strings.Contains(ans, "now run Housing, Health &amp; Social Care, then") {
		t.Errorf("order with commas: %s", ans)
	}
	page := pageServer(t, "Councils merge", "Summary", "LocalGov")
	id, _ := f.submit(page.URL+"/a", "health, a good read")
	if s := f.story(id); s.Sector != "health" || s.SubmitNote != "a good read" {
		t.Errorf("submit with a comma after the sector: sector %q, note %q", s.Sector, s.SubmitNote)
	}
	// A word that names nothing is still named, without its comma.
	if ans := allText(f.commandIn(editorID, "CBAD", "subscribe helth, housing")); !strings.Contains(ans, "Unknown sector `helth`. Did you mean `health`?") {
		t.Errorf("a typo in a list: %s", ans)
	}
}
