package discord

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/tasks"
)

// FuzzGatewayEvent hands the adapter any gateway event of the kinds it
// reads (INTERACTION_CREATE, GUILD_CREATE, GUILD_DELETE and MESSAGE_CREATE,
// each from the raw JSON, as the gateway hands them), with a real bot on
// SQLite and a story under review behind it. discordgo runs each handler
// on a goroutine of its own and recovers nothing, so a panic outside the
// dispatch's own recovery stops the bot; one the dispatch or the tasks
// group recovered (logged with a "panic" attribute) is a bug all the
// same, and fails the input. An interaction's body is the HTTP endpoint's
// after its signature, through the same decodeInteraction and dispatch.
func FuzzGatewayEvent(f *testing.F) {
	panics := adaptertest.NewPanicLog()
	fx := newOfflineFixture(f, func(_ *config.Config, o *Options) { o.Logger = slog.New(panics) })
	cardID, _ := fx.postedCard("https://news.example/councils")
	const story = 1

	entries, err := os.ReadDir(payloadDir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(payloadDir, e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		var in struct {
			Type *int `json:"type"`
		}
		if json.Unmarshal(raw, &in) == nil && in.Type != nil { // an interaction, not a signing vector
			f.Add("INTERACTION_CREATE", raw)
		}
	}
	f.Add("INTERACTION_CREATE", fx.slash(editor, "queue"))
	f.Add("INTERACTION_CREATE", fx.slash(member, "submit", str("url", "https://news.example/b"), str("note", "worth a look")))
	for _, action := range []string{bot.ActionApprove, bot.ActionReject, bot.ActionEdit} {
		f.Add("INTERACTION_CREATE", fx.button(editor, bot.ControlName(action, story), cardID))
	}
	f.Add("INTERACTION_CREATE", fx.button(editor, bot.ControlName(bot.ActionSector, story), cardID, "housing"))
	f.Add("INTERACTION_CREATE", fx.modal(editor, bot.ControlName(bot.EditForm.Action(), story), cardID,
		labelInput(bot.FieldHeadline, "Two councils merge"), labelSelect(bot.FieldSector, "housing")))
	f.Add("INTERACTION_CREATE", fx.modal(editor, bot.ControlName(bot.RejectForm.Action(), story), cardID,
		legacyInput(bot.FieldReason, "Covered last week")))
	f.Add("GUILD_CREATE", []byte(`{"id":"81384788765712384","roles":[{"id":"41771983423143936","tags":{"bot_id":"`+appID+`"}}]}`))
	f.Add("GUILD_DELETE", []byte(`{"id":"81384788765712384","unavailable":false}`))
	f.Add("MESSAGE_CREATE", []byte(`{"id":"1","channel_id":"`+newsChannel+`","guild_id":"81384788765712384","type":0,`+
		`"content":"<@`+appID+`> search <https://news.example/a> housing","author":{"id":"`+memberID+`","username":"Mason"},`+
		`"mentions":[{"id":"`+appID+`","username":"Shared News","bot":true}]}`))

	shutdown := func(tb testing.TB, g *tasks.Group) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := g.Shutdown(ctx); err != nil {
			tb.Fatalf("background work still running after 30s: %v", err)
		}
	}
	shutdown(f, fx.adapter.tasks)
	panics.Take()
	f.Fuzz(func(t *testing.T, kind string, raw []byte) {
		// A group of its own for each input: its Shutdown waits for this
		// input's work alone.
		g := tasks.New(10*time.Second, fx.adapter.log)
		fx.adapter.tasks = g
		fx.adapter.onRawEvent(&discordgo.Event{Type: kind, RawData: raw})
		shutdown(t, g)
		if p := panics.Take(); len(p) > 0 {
			t.Fatalf("%d recovered panic(s) handling %s %s; the first: %s", len(p), kind, raw, p[0])
		}
	})
}
