package slack

import (
	"net/http"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/bot"
)

// TestEditFormKeepsAnotherEditorsChange: an editor opens the Edit form;
// another editor corrects the headline meanwhile; the first changes only
// the commentary and saves. The form sends back every field, the old
// headline among them, but it does not put the old headline back: a field
// left as the form showed it is left alone, and only what the editor
// changed is saved (when both change one field, the later save wins).
func TestEditFormKeepsAnotherEditorsChange(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Councils merge", "Old summary", "LocalGov")
	id, ref := f.submit(page.URL+"/a", "local")

	_, open := f.openForm(groupieID, actionEdit, id, ref)
	meta := open["view"].(map[string]any)["private_metadata"].(string)

	if text := allText(f.command(editorID, "edit 1 headline Two district councils merge")); !strings.Contains(text, "Updated the headline") {
		t.Fatalf("the other editor's edit: %s", text)
	}
	if text := allText(f.command(editorID, "edit 1 summary A newer summary")); !strings.Contains(text, "Updated the summary") {
		t.Fatalf("the other editor's edit: %s", text)
	}

	sub := f.submitView(groupieID, callbackEdit, meta, map[string]string{
		bot.FieldHeadline: "Councils merge", bot.FieldSummary: "Old summary", bot.FieldSector: "local-government",
		bot.FieldCommentary: "Another pair takes the plunge."})
	if rec := f.sendSigned("/slack/interactions", formType, interactionForm(t, sub)); rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Fatalf("submission: %d %s", rec.Code, rec.Body)
	}
	s := f.story(id)
	if s.Headline != "Two district councils merge" || s.Summary != "A newer summary" || s.Commentary != "Another pair takes the plunge." {
		t.Errorf("story after the form: headline %q, summary %q, commentary %q", s.Headline, s.Summary, s.Commentary)
	}

	// A field the form's editor did change is saved, over the other's.
	sub = f.submitView(groupieID, callbackEdit, meta, map[string]string{
		bot.FieldHeadline: "Two councils become one", bot.FieldSummary: "Old summary", bot.FieldSector: "local-government",
		bot.FieldCommentary: "Another pair takes the plunge."})
	f.sendSigned("/slack/interactions", formType, interactionForm(t, sub))
	if s := f.story(id); s.Headline != "Two councils become one" || s.Summary != "A newer summary" {
		t.Errorf("story after the second save: headline %q, summary %q", s.Headline, s.Summary)
	}
}
