package slack

import (
	"fmt"
	"strings"
	"testing"
)

// TestEditFieldWithAColon: "/shared edit 4 headline: Two councils merge"
// is how a correction is written; the colon after the field's name is not
// part of it (nor of the new text), so it is not refused with "`headline:`
// is not a field I can edit: use headline, …".
func TestEditFieldWithAColon(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Councils merge", "Summary", "LocalGov")
	id, _ := f.submit(page.URL+"/a", "health")
	for _, c := range []struct{ text, want string }{
		{fmt.Sprintf("edit %d headline: Two councils merge", id), "Updated the headline"},
		{fmt.Sprintf("edit %d Sector: housing", id), "is now in Housing"},
		{fmt.Sprintf("edit %d summary : They share a chief executive.", id), "Updated the summary"},
	} {
		if ans := allText(f.command(editorID, c.text)); !strings.Contains(ans, c.want) {
			t.Errorf("/shared %s: %s", c.text, ans)
		}
	}
	if s := f.story(id); s.Headline != "Two councils merge" || s.Sector != "housing" || s.Summary != "They share a chief executive." {
		t.Errorf("story after the edits: %q, %q, %q", s.Headline, s.Sector, s.Summary)
	}
}
