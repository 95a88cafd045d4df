package slack

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestWordsAfterAnArgumentlessActionChangeNothing: `unsubscribe` and
// `publish` take nothing after them. Words there mean the caller wanted
// something narrower ("unsubscribe health" to drop one sector, "publish 12"
// to show an old edition), so the command is refused with a sentence and
// the channel's subscription and the draft stay as they were.
func TestWordsAfterAnArgumentlessActionChangeNothing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if ans := f.command(editorID, "subscribe health housing"); !strings.Contains(allText(ans), "Health &amp; Social Care, Housing") {
		t.Fatalf("subscribe: %s", allText(ans))
	}
	page := pageServer(t, "Two councils merge", "Summary", "LocalGov")
	id, _ := f.submit(page.URL+"/a", "local")
	f.command(editorID, fmt.Sprintf("approve %d", id))

	for _, c := range []struct{ text, want string }{
		{"unsubscribe health", "`/shared unsubscribe` takes nothing after it"},
		{"unsubscribe #general", "`/shared unsubscribe` takes nothing after it"},
		{"publish 12", "`/shared publish` takes nothing after it"},
	} {
		ans := f.command(editorID, c.text)
		text := allText(ans)
		if ans["response_type"] != "ephemeral" || !strings.Contains(text, c.want) || !strings.Contains(text, "nothing was changed") {
			t.Errorf("/shared %s: %v\n%s", c.text, ans["response_type"], text)
		}
	}
	if ans := allText(f.command(editorID, "unsubscribe health")); !strings.Contains(ans, "`/shared subscribe SECTOR…`") {
		t.Errorf("unsubscribe with a sector does not say how to keep only some sectors:\n%s", ans)
	}
	sub, err := f.store.Subscription(ctx, PlatformName, "CGENERAL")
	if err != nil || strings.Join(sub.Sectors, ",") != "health,housing" {
		t.Errorf("subscription after the refusals: %+v, %v", sub, err)
	}
	if _, err := f.store.LatestEdition(ctx); err == nil {
		t.Error("`publish 12` published the draft")
	}
	if s := f.story(id); s.State != digest.StateApproved {
		t.Errorf("story after the refusals: %s", s.State)
	}
}
