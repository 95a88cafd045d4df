package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// TestRefusedEditFormSavesNothing: a Slack form that comes back with an
// error under one field stays open, so the editor reads it as not saved
// yet (and may press Cancel). Nothing of it may be saved then: not the
// commentary and sector typed beside a headline over the limit, nor a
// redrawn card saying it was edited.
func TestRefusedEditFormSavesNothing(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Councils merge", "Old summary", "LocalGov")
	id, ref := f.submit(page.URL+"/a", "local")
	_, open := f.openForm(editorID, actionEdit, id, ref)
	meta := open["view"].(map[string]any)["private_metadata"].(string)

	for _, c := range []struct {
		name, field string
		fields      map[string]string
	}{
		{"a headline over the limit", bot.FieldHeadline, map[string]string{bot.FieldHeadline: strings.Repeat("x", 301),
			bot.FieldSummary: "A new summary", bot.FieldSector: "housing", bot.FieldCommentary: "A line of commentary."}},
		{"commentary over the limit", bot.FieldCommentary, map[string]string{bot.FieldHeadline: "Two district councils merge",
			bot.FieldSummary: "Old summary", bot.FieldSector: "housing", bot.FieldCommentary: strings.Repeat("y", bot.MaxCommentary+1)}},
	} {
		rec := f.sendSigned("/slack/interactions", formType, interactionForm(t, f.submitView(editorID, callbackEdit, meta, c.fields)))
		var resp struct {
			Action string            `json:"response_action"`
			Errors map[string]string `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || resp.Action != "errors" || resp.Errors[c.field] == "" {
			t.Errorf("%s: %d %s", c.name, rec.Code, rec.Body)
		}
		s := f.story(id)
		if s.Headline != "Councils merge" || s.Summary != "Old summary" || s.Sector != "local-government" || s.Commentary != "" {
			t.Errorf("%s: a form shown again with an error saved part of itself: %+v", c.name, s)
		}
	}
	time.Sleep(50 * time.Millisecond) // a wrongly started redraw shows itself
	if n := len(f.cardUpdates(ref)); n != 0 {
		t.Errorf("the card was redrawn %d times for forms that were refused", n)
	}
}

// TestOutOfDateFormSaysTheBotsSentence: an edit or reject form whose
// metadata the bot cannot read (drawn by an older version) stays open with
// the bot's one sentence for it under its first field, the words Discord
// says for a form it cannot place; the story is left as it was.
func TestOutOfDateFormSaysTheBotsSentence(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Councils merge", "Old summary", "LocalGov")
	id, _ := f.submit(page.URL+"/a", "local")
	for _, c := range []struct{ callback, field string }{{callbackEdit, bot.FieldHeadline}, {callbackReject, bot.FieldReason}} {
		sub := f.submitView(editorID, c.callback, `{"story":"twelve"}`, map[string]string{c.field: "Something else"})
		rec := f.sendSigned("/slack/interactions", formType, interactionForm(t, sub))
		var resp struct {
			Action string            `json:"response_action"`
			Errors map[string]string `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || resp.Action != "errors" ||
			resp.Errors[c.field] != "This form is out of date; close it and open it again." {
			t.Errorf("%s: %d %s", c.callback, rec.Code, rec.Body)
		}
	}
	time.Sleep(50 * time.Millisecond) // a wrongly started decision shows itself
	if s := f.story(id); s.State != digest.StateQueued || s.Headline != "Councils merge" {
		t.Errorf("an out-of-date form changed the story: %+v", s)
	}
}
