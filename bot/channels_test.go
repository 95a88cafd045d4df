package bot

import (
	"strings"
	"testing"
)

func TestSubscribeUnsubscribeAndStatus(t *testing.T) {
	f := newFixture(t, nil)
	if r := f.say(editor, "unsubscribe"); tone(r) != Info || !strings.Contains(text(r), "not subscribed, so there is nothing to stop") {
		t.Fatalf("unsubscribe before subscribing: %q", text(r))
	}
	if r := f.say(editor, `subscribe health "blue light" health`); tone(r) != Success || !r.Public ||
		!strings.Contains(text(r), "(Health & Social Care, Blue Light Services)") {
		t.Fatalf("subscribe: %q public=%v", text(r), r.Public)
	}
	v := f.say(member, "status").Body.(StatusView)
	if !v.Subscribed || len(v.Sectors) != 2 || v.NextPublication.IsZero() || v.Delivery != nil {
		t.Fatalf("status for a member = %+v", v)
	}
	if r := f.say(editor, "unsubscribe"); tone(r) != Success || !r.Public {
		t.Fatalf("unsubscribe: %q public=%v", text(r), r.Public)
	}
	if v := f.say(member, "status").Body.(StatusView); v.Subscribed {
		t.Fatalf("still subscribed after unsubscribe: %+v", v)
	}
}
