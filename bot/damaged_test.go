package bot

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestDamagedDatabaseIsSaid: a command that met a database damaged while
// the bot ran (pages overwritten) was answered "Something went wrong on
// our side", as for a fault that may pass, though no retry mends it and
// only a restore does. The member is now told the database is damaged and
// that the operator must restore it, as they are told of a full disk.
func TestDamagedDatabaseIsSaid(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bot.db")
	f := newFixture(t, func(c *config.Config) { c.Bot.Database = db })
	var stories []digest.Story
	for i := range 300 {
		stories = append(stories, digest.Story{URL: fmt.Sprintf("https://example.org/%d", i), Headline: fmt.Sprintf("Councils share services, part %d", i),
			Summary: strings.Repeat("A summary of some length. ", 8), Sector: "health", State: digest.StateApproved})
	}
	if err := f.store.AddStories(context.Background(), stories); err != nil {
		t.Fatal(err)
	}
	if r := f.say(member, "news health"); tone(r) == Problem {
		t.Fatalf("news before the damage: %s", text(r))
	}
	storetest.DamageTable(t, db, "stories")
	r := f.say(member, "news health")
	want := "The bot's database is damaged, so I couldn't list news. The operator needs to restore it from a backup; the log names the file and how."
	if tone(r) != Problem || text(r) != want {
		t.Errorf("news on a damaged database: %s\nwant %q", text(r), want)
	}
}
