package bot

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/internal/syncbuf"
	"github.com/sharednews/sharednews/tasks"
)

// HandleLater, how a platform answers a command it has acknowledged: the
// request is made and the command run within a background task, the reply
// goes to answer, a failure to answer is logged with who and where, and
// once the tasks shut down nothing more is taken.
func TestHandleLaterAnswersInTheBackground(t *testing.T) {
	f := newFixture(t, nil)
	var logged syncbuf.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	g := tasks.New(time.Minute, log)
	req := func(context.Context) Request {
		return Request{Caller: member, Channel: Channel{Platform: "slack", ID: "C1"}, Text: "help"}
	}
	answers := make(chan Reply, 1)
	if !f.bot.HandleLater(g, log, "mention", req, func(_ context.Context, r Reply) error { answers <- r; return nil }) {
		t.Fatal("the command was refused")
	}
	if r := <-answers; r.Body == nil {
		t.Errorf("answered %+v, want help", r)
	}
	f.bot.HandleLater(g, log, "mention", req, func(context.Context, Reply) error { return errors.New("channel gone") })
	if err := g.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`msg="answer mention"`, "user=UMEMBER", "channel=C1", `err="channel gone"`} {
		if !strings.Contains(logged.String(), want) {
			t.Errorf("log %q lacks %q", logged.String(), want)
		}
	}
	if f.bot.HandleLater(g, log, "mention", req, func(context.Context, Reply) error { t.Error("answered after shutdown"); return nil }) {
		t.Error("a command was taken after shutdown")
	}
}
