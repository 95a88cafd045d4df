package slack

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// TestSectorSelectAtItsOwnSectorChangesNothing: choosing again, in a
// card's select, the sector the story is in tells the editor privately
// that it is already there; the card is not redrawn "Sector changed".
func TestSectorSelectAtItsOwnSectorChangesNothing(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "A story", "Summary", "Site")
	id, ref := f.submit(page.URL+"/a", "housing")
	press := f.selectSector(editorID, id, ref, "housing", "Housing")
	answer, err := url.Parse(press["response_url"].(string))
	if err != nil {
		t.Fatal(err)
	}
	f.sendSigned("/slack/interactions", formType, interactionForm(t, press))
	adaptertest.WaitFor(t, "the answer", func() bool { return len(f.slack.Responses(answer.Path)) == 1 })
	ans := f.slack.Responses(answer.Path)[0].Body
	if ans["response_type"] != "ephemeral" || !strings.Contains(allText(ans), "Story #1 is already in Housing; nothing was changed.") {
		t.Errorf("the answer: %v", ans)
	}
	time.Sleep(50 * time.Millisecond) // a wrongly started redraw shows itself
	if ups := f.cardUpdates(ref); len(ups) != 0 {
		t.Errorf("the card was redrawn: %s", allText(blocksOf(t, ups[0])))
	}
	if s := f.story(id); s.Sector != "housing" {
		t.Errorf("sector %q", s.Sector)
	}
}
