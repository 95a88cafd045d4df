package discord

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
)

// panicOnFirstCallback panics sending the first interaction callback, as
// a bug on the way to Discord would, and passes the rest through.
type panicOnFirstCallback struct{ panicked *atomic.Bool }

func (p panicOnFirstCallback) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/callback") && p.panicked.CompareAndSwap(false, true) {
		panic("sending " + r.URL.Path)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestGatewayEventPanicIsContained: discordgo runs each gateway event's
// handlers on a goroutine of its own, where nothing recovered a panic: one
// in the adapter's handling before an interaction reaches the dispatch
// (which recovers its own), here answering an interaction the gateway
// delivered during shutdown, took the whole bot down, where the same
// panic over HTTP is a 500 and the bot goes on (and a Slack Socket Mode
// envelope's is contained). It is now logged with the event and its
// stack, and the next event is handled.
func TestGatewayEventPanicIsContained(t *testing.T) {
	panics := adaptertest.NewPanicLog()
	panicked := &atomic.Bool{}
	f := newFixture(t, func(_ *config.Config, o *Options) {
		o.Logger = slog.New(panics)
		o.Transport = panicOnFirstCallback{panicked: panicked}
	})
	g := newFakeGateway(t)
	f.api.SetGateway("ws://" + g.srv.Listener.Addr().String() + "/")
	stop := adaptertest.Run(t, f.adapter.Run)
	defer stop()
	adaptertest.WaitFor(t, "the gateway session", f.adapter.Connected)
	// Interactions the gateway delivers now are answered on discordgo's
	// goroutine (no task runs during shutdown).
	if err := f.adapter.tasks.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	idOf := func(raw []byte) string {
		var id struct {
			ID string `json:"id"`
		}
		json.Unmarshal(raw, &id)
		return id.ID
	}

	g.interaction(f.slash(member, "sectors"))
	var logged []string
	adaptertest.WaitFor(t, "the panic's log line", func() bool {
		logged = append(logged, panics.Take()...)
		return panicked.Load() && len(logged) > 0
	})
	if len(logged) != 1 || !strings.Contains(logged[0], "discord gateway event panicked") ||
		!strings.Contains(logged[0], "INTERACTION_CREATE") || !strings.Contains(logged[0], "stack") {
		t.Errorf("panic logged as %q, want one line naming the event, with the stack", logged)
	}

	raw := f.slash(member, "help")
	g.interaction(raw)
	adaptertest.WaitFor(t, "the next interaction's answer", func() bool {
		return len(find(f.api.all(), "POST", "interactions/"+idOf(raw)+"/")) > 0
	})
	expect(t, "the interaction after the panic", callback(t, f, idOf(raw)), true, f.bot.Restarting().Text)
}

// TestInteractionPanicIsApologisedFor: a panic in an interaction's
// dispatch (here an application command whose data is not a command's,
// which discordgo's accessor does not survive) is logged once with the
// interaction and its stack, and the member still gets the apology,
// rather than Discord's "The application did not respond".
func TestInteractionPanicIsApologisedFor(t *testing.T) {
	panics := adaptertest.NewPanicLog()
	f := newFixture(t, func(_ *config.Config, o *Options) { o.Logger = slog.New(panics) })
	var answer *interactionResponse
	x := &exchange{
		in: &interaction{Interaction: &discordgo.Interaction{ID: "41", Token: "TOKEN", Type: discordgo.InteractionApplicationCommand,
			Data: discordgo.ModalSubmitInteractionData{CustomID: "sharednews:introform"}}},
		respond: func(_ context.Context, r *interactionResponse) error { answer = r; return nil },
	}
	f.adapter.dispatch(t.Context(), x)
	if logged := panics.Take(); len(logged) != 1 || !strings.Contains(logged[0], "interaction panicked") ||
		!strings.Contains(logged[0], "41") || !strings.Contains(logged[0], "stack") {
		t.Errorf("panic logged as %q, want one line naming the interaction, with the stack", logged)
	}
	if answer == nil || answer.Data == nil || !strings.Contains(answer.Data.Content, bot.Failed("")) {
		t.Errorf("answered %+v, want the apology", answer)
	}
}
