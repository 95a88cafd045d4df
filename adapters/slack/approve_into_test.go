package slack

import (
	"fmt"
	"strings"
	"testing"
)

// TestApproveIntoASector: the bot says "Approved #4 … into Health & Social
// Care", and editors write it back the same way: "/shared approve 4 into
// housing" (or "as", "under", "in") files the story under that sector,
// rather than answering "Unknown sector `into housing`".
func TestApproveIntoASector(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Councils merge", "Summary", "LocalGov")
	for i, c := range []struct{ words, slug, name string }{
		{"into housing", "housing", "Housing"},
		{"as blue light", "blue-light", "Blue Light Services"},
		{"under Health & Social Care", "health", "Health &amp; Social Care"},
		{"in local government", "local-government", "Local Government"},
	} {
		id, _ := f.submit(fmt.Sprintf("%s/s%d", page.URL, i), "")
		ans := allText(f.command(editorID, fmt.Sprintf("approve %d %s", id, c.words)))
		if !strings.Contains(ans, "into "+c.name) || f.story(id).Sector != c.slug {
			t.Errorf("approve %d %s: sector %s\n%s", id, c.words, f.story(id).Sector, ans)
		}
	}
	// A sector named "In…" or a typo after the word is still read as typed.
	id, _ := f.submit(page.URL+"/typo", "")
	if ans := allText(f.command(editorID, fmt.Sprintf("approve %d into helth", id))); !strings.Contains(ans, "Unknown sector `helth`. Did you mean `health`?") {
		t.Errorf("a typo after into: %s", ans)
	}
}
