package slack

import (
	"context"
	"strings"
	"testing"
)

// TestSubscribeTakesSectorNamesOfSeveralWords: a council's channel types
// `/shared subscribe local government` as it reads the sector's name, with
// no quotes, as `news local government` and `order local government health`
// already take it. Each run of words that names a sector is one sector.
func TestSubscribeTakesSectorNamesOfSeveralWords(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		channel, text, want, slugs string
	}{
		{"CCOUNCIL", "subscribe local government", "(Local Government)", "local-government"},
		{"CMIXED", "subscribe local government housing", "(Local Government, Housing)", "local-government,housing"},
		{"CBLUE", "subscribe Blue Light Services health and social care", "(Blue Light Services, Health &amp; Social Care)", "blue-light,health"},
	} {
		ans := f.commandIn(editorID, c.channel, c.text)
		if text := allText(ans); ans["response_type"] != "ephemeral" || !strings.Contains(text, c.want) {
			t.Errorf("/shared %s: %v\n%s", c.text, ans["response_type"], text)
		}
		sub, err := f.store.Subscription(context.Background(), PlatformName, c.channel)
		if err != nil || strings.Join(sub.Sectors, ",") != c.slugs {
			t.Errorf("/shared %s: subscription %v, %v; want %s", c.text, sub.Sectors, err, c.slugs)
		}
	}
	// A word that names nothing is still refused, naming that word.
	ans := allText(f.commandIn(editorID, "CBAD", "subscribe local government helth"))
	if !strings.Contains(ans, "Unknown sector `helth`. Did you mean `health`?") {
		t.Errorf("a typo among sector names: %s", ans)
	}
	if _, err := f.store.Subscription(context.Background(), PlatformName, "CBAD"); err == nil {
		t.Error("a refused subscribe subscribed the channel")
	}
}
