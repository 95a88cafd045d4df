package bot

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store"
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

// A list of sectors is written as people write lists, "housing and
// health" or "health, housing & education", in either order: "and" only
// read as the start of "health and social care" would work one way round.
func TestSectorListsTakeAnd(t *testing.T) {
	f := newFixture(t, nil)
	for _, c := range []struct{ cmd, want string }{
		{"subscribe housing and health", "(Housing, Health & Social Care)"},
		{"subscribe health, housing and education", "(Health & Social Care, Housing, Further/Higher Education)"},
		{"subscribe housing & local government", "(Housing, Local Government)"},
		{"subscribe health and social care and housing", "(Health & Social Care, Housing)"},
		{"order housing and health", "now run Housing, Health & Social Care, then"},
	} {
		if r := f.say(editor, c.cmd); tone(r) != Success || !strings.Contains(text(r), c.want) {
			t.Errorf("%s: %q, want %q", c.cmd, text(r), c.want)
		}
	}
	// "and" on its own, or first, names no sector.
	for _, cmd := range []string{"subscribe and", "order and housing"} {
		if r := f.say(editor, cmd); tone(r) != Problem || !strings.Contains(text(r), "Unknown sector `and`") {
			t.Errorf("%s: %q", cmd, text(r))
		}
	}
}

// TestSubscribeRefusedWhereTheBotCannotPost: a channel the platform says
// the bot cannot post an edition to (Lacks, LacksHistory), or a direct
// message, is not subscribed, and the refusal says why.
func TestSubscribeRefusedWhereTheBotCannotPost(t *testing.T) {
	f := newFixture(t, nil)
	for _, ch := range []Channel{
		{Platform: "slack", ID: "C2", Name: "locked", Lacks: []string{"Send Messages"}},
		{Platform: "slack", ID: "C3", Name: "unread", LacksHistory: "Read Message History"},
		{Platform: "slack", ID: "D1", Direct: true},
	} {
		r := f.bot.Handle(context.Background(), Request{Caller: editor, Channel: ch, Text: "/shared subscribe health"})
		if tone(r) != Problem || !strings.Contains(text(r), "Nothing was") {
			t.Errorf("subscribe in %s: %q", ch.ID, text(r))
		}
		if why := ch.CannotPost(f.bot.Name()).Text; why != "" && !strings.Contains(text(r), "not subscribed: "+why+". Nothing") {
			t.Errorf("subscribe in %s does not say why: %q", ch.ID, text(r))
		}
		if _, err := f.store.Subscription(context.Background(), ch.Platform, ch.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("subscribe in %s: subscription err %v, want not found", ch.ID, err)
		}
	}
}

// TestCannotPostSaysWhatIsLacking: the sentence a refused subscription
// gives names what the platform says the bot lacks to post there, and
// what it lacks to see what it had posted after a restart, with the
// reason for each and where an admin grants them; nothing when nothing
// is lacking.
func TestCannotPostSaysWhatIsLacking(t *testing.T) {
	const grant = ". An admin can grant them in the channel's settings, under Permissions"
	const history = " Read Message History here to see which parts of an edition it had posted when it is restarted while " +
		"posting (without it, part of an edition could be posted twice)"
	for _, tc := range []struct {
		ch   Channel
		want string
	}{
		{Channel{}, ""},
		{Channel{Lacks: []string{"Send Messages in Threads"}},
			"Shared News lacks Send Messages in Threads in this channel, so it could not post the edition" + grant},
		{Channel{LacksHistory: "Read Message History"}, "Shared News needs" + history + grant},
		{Channel{Lacks: []string{"View Channel", "Send Messages", "Embed Links"}, LacksHistory: "Read Message History"},
			"Shared News lacks View Channel, Send Messages and Embed Links in this channel, so it could not post the edition; " +
				"it also needs" + history + grant},
	} {
		if got := tc.ch.CannotPost("Shared News").Text; got != tc.want {
			t.Errorf("%+v: CannotPost() =\n%q\nwant\n%q", tc.ch, got, tc.want)
		}
	}
}

// A channel that had chosen some sectors goes back to every sector with
// "subscribe all" (or "every sector"), the words status and the answers
// use; before, they were "Unknown sector `all`" and only a bare
// "subscribe" did it, which nothing said.
func TestSubscribeAllIsEverySector(t *testing.T) {
	f := newFixture(t, nil)
	for _, cmd := range []string{"subscribe all", "subscribe health", "subscribe every sector", "subscribe health", "subscribe All Sectors"} {
		r := f.say(editor, cmd)
		want := "(every sector)"
		if strings.HasSuffix(cmd, "health") {
			want = "(Health & Social Care)"
		}
		if tone(r) != Success || !strings.Contains(text(r), want) {
			t.Errorf("%s: %q, want %q", cmd, text(r), want)
		}
		if v := f.say(member, "status").Body.(StatusView); (want == "(every sector)") != (len(v.Sectors) == 0) {
			t.Errorf("after %s the channel has sectors %v", cmd, v.Sectors)
		}
	}
	// "all" with a sector is no list of sectors.
	if r := f.say(editor, "subscribe all health"); tone(r) != Problem || !strings.Contains(text(r), "`subscribe` alone") {
		t.Errorf("subscribe all health: %q", text(r))
	}
}
