package bot

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// An editor working through the queue types two numbers: "approve 7 8"
// answered "Unknown sector `8`", and "reject 8 9 spam" rejected #8 alone,
// telling its submitter "The editor said: “9 spam”" and leaving #9
// waiting. Both are now refused, changing nothing, saying to take one
// story at a time; a reason that begins with a number is written in
// quotes, and one that begins with a number no waiting story has is a
// reason as before.
func TestTwoStoryNumbersAreRefusedNotReadAsSectorOrReason(t *testing.T) {
	f := newFixture(t, nil)
	a := f.queued(t, "health", "Trusts merge")
	b := f.queued(t, "health", "Councils merge")
	for _, cmd := range []string{
		fmt.Sprintf("approve %d %d", a.ID, b.ID),
		fmt.Sprintf("approve %d, #%d", a.ID, b.ID),
		fmt.Sprintf("reject %d %d spam", a.ID, b.ID),
		fmt.Sprintf("reject %d, %d", a.ID, b.ID),
	} {
		r := f.say(editor, cmd)
		if tone(r) != Problem || !strings.Contains(text(r), "one story at a time") || !strings.Contains(text(r), "Nothing was changed") {
			t.Errorf("%s: %q", cmd, text(r))
		}
	}
	for _, s := range []digest.Story{a, b} {
		if got, _ := f.store.Story(t.Context(), s.ID); got.State != digest.StateQueued {
			t.Errorf("#%d is %s after the refusals", s.ID, got.State)
		}
	}
	if r := f.say(editor, fmt.Sprintf(`reject %d "%d stories like it this week"`, a.ID, b.ID)); tone(r) != Success {
		t.Errorf("quoted reason: %q", text(r))
	}
	if got, _ := f.store.Story(t.Context(), a.ID); got.RejectReason != fmt.Sprintf("%d stories like it this week", b.ID) {
		t.Errorf("reason %q", got.RejectReason)
	}
	if r := f.say(editor, fmt.Sprintf("reject %d 40 of them this week", b.ID)); tone(r) != Success {
		t.Errorf("a reason beginning with a number no story has: %q", text(r))
	}
}
