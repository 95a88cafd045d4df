package slack

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestCommandDuringShutdown: once the adapter is draining (as Run does
// before it returns), a command is told to try again rather than
// acknowledged and never answered.
func TestCommandDuringShutdown(t *testing.T) {
	f := newFixture(t)
	if err := f.ad.tasks.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	body, _ := f.slashForm(memberID, "C1", "news")
	rec := f.sendSigned("/slack/commands", formType, body)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "restarting") ||
		!strings.Contains(rec.Body.String(), `"response_type":"ephemeral"`) {
		t.Errorf("command during shutdown: %d %s", rec.Code, rec.Body)
	}
}
