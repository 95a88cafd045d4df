package slack

import (
	"fmt"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// TestMentionedPeopleKeepTheirNames: Slack writes a person named in an
// @bot message as <@U123> (a slash command's text has the name as
// typed). An editor's "@Shared News note 1 thanks to @Ana" stored the
// commentary "thanks to @UMEMBER", and so every card, draft and edition
// showed readers a user ID. The name is looked up, as Slack showed it.
func TestMentionedPeopleKeepTheirNames(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Councils merge", "Summary", "LocalGov")
	id, _ := f.submit(page.URL+"/a", "")
	for i, text := range []string{
		fmt.Sprintf("<@U111> note %d thanks to <@%s> for this", id, memberID),
		fmt.Sprintf("<@U111> edit %d summary Ask <@%s> or <@UNOSUCH>.", id, editorID),
	} {
		f.mention(editorID, text, fmt.Sprintf("EvNames%d", i))
		adaptertest.WaitFor(t, "the answer to "+text, func() bool { return len(f.slack.Calls("chat.postEphemeral")) == i+1 })
	}
	s := f.story(id)
	if s.Commentary != "thanks to @Ana for this" {
		t.Errorf("commentary %q", s.Commentary)
	}
	// Someone Slack cannot tell about stays as written.
	if s.Summary != "Ask @Ed or @UNOSUCH." {
		t.Errorf("summary %q", s.Summary)
	}
}
