package slack

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/tasks"
)

// FuzzHTTPEndpoints posts any signed body to the three endpoints Slack
// calls in http mode: a slash command's form, an interaction's
// payload= form and an Events API callback's JSON, parsed by slack-go's
// form readers and then the adapter's handlers, with a real bot on SQLite
// and a story under review behind them. The server recovers a handler's
// panic as a 500, which is still a bug: every answer must be 200 (taken,
// or acknowledged and ignored) or 400 (not Slack's shape). A panic in the
// background work it starts (logged with a "panic" attribute) fails the
// input too.
func FuzzHTTPEndpoints(f *testing.F) {
	panics := adaptertest.NewPanicLog()
	fx := newFixtureWith(f, fixtureOptions{offline: true, logger: slog.New(panics)})
	id, ref := fx.submit("https://news.example/councils", "health Two councils share a chief executive")

	read := func(name string) []byte {
		raw, err := os.ReadFile(filepath.Join(testdata, name))
		if err != nil {
			f.Fatal(err)
		}
		return raw
	}
	for _, name := range []string{"slash-command-hello-world.form", "slash-command-webhook-collect-signed.form"} {
		f.Add(uint8(0), read(name))
	}
	slash, _ := fx.slashForm(memberID, "CGENERAL", "submit <https://news.example/b|b> housing")
	f.Add(uint8(0), slash)
	f.Add(uint8(0), []byte("ssl_check=1&token=x"))
	f.Add(uint8(1), read("block-actions-button-minimal.form"))
	for _, action := range []string{actionApprove, actionEdit, actionReject} {
		press, _ := fx.press(editorID, action, id, ref, "")
		f.Add(uint8(1), interactionForm(f, press))
	}
	for _, name := range []string{"event-callback-app-mention.json", "event-callback-message.json", "url-verification.json"} {
		f.Add(uint8(2), read(name))
	}

	paths := []struct{ path, contentType string }{
		{"/slack/commands", formType}, {"/slack/interactions", formType}, {"/slack/events", "application/json"},
	}
	shutdown := func(tb testing.TB, g *tasks.Group) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := g.Shutdown(ctx); err != nil {
			tb.Fatalf("background work still running after 30s: %v", err)
		}
	}
	shutdown(f, fx.ad.tasks)
	panics.Take()
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		to := paths[int(which)%len(paths)]
		// A second apart, so that no body is a replay of an earlier
		// one signed at the same second.
		fx.now = fx.now.Add(time.Second)
		g := tasks.New(10*time.Second, fx.ad.log)
		fx.ad.tasks = g
		fx.t = t // the fixture's helpers report to this input
		rec := fx.sendSigned(to.path, to.contentType, body)
		shutdown(t, g)
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Errorf("POST %s answered %d %q, want 200 or 400", to.path, rec.Code, rec.Body.String())
		}
		if rec.Code == http.StatusOK && rec.Body.Len() > 0 && to.path != "/slack/events" && !json.Valid(rec.Body.Bytes()) {
			t.Errorf("POST %s acknowledged with %q, not JSON", to.path, rec.Body.String())
		}
		if p := panics.Take(); len(p) > 0 {
			t.Fatalf("%d recovered panic(s) handling POST %s %q; the first: %s", len(p), to.path, body, p[0])
		}
	})
}
