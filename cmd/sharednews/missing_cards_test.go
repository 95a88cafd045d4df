package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestRunPostsTheCardsIngestCouldNot: a story queued with no chat platform
// to show it (as `ingest` queues one) gets its review card in Slack's
// review channel when `run` starts.
func TestRunPostsTheCardsIngestCouldNot(t *testing.T) {
	slackFake, slackSrv := startSlack(t, slacktest.Options{BotToken: "xoxb-test"})
	addr := freeAddr(t)
	cfg, db := writeConfig(t, fmt.Sprintf("[http]\nlisten = %q\n[slack]\nenabled = true\nmode = \"http\"\napi_url = %q\nreview_channel = \"CREVIEW\"\n",
		addr, slackSrv.URL+"/api/"))
	ctx := context.Background()
	st := storetest.Open(t, db)
	if err := st.AddStories(ctx, []digest.Story{{URL: "https://news.example/merger", Headline: "Two districts merge their back offices",
		Sector: "local-government", State: digest.StateQueued}}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	environ := map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "shh"}
	_, stop := runInBackgroundWith(t, cfg, addr, func(k string) string { return environ[k] })
	var cards []slacktest.Call
	for deadline := time.Now().Add(10 * time.Second); len(cards) == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		cards = slackFake.Calls("chat.postMessage")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if len(cards) != 1 || cards[0].Form.Get("channel") != "CREVIEW" || !strings.Contains(cards[0].Form.Get("blocks"), "Two districts merge") {
		t.Fatalf("posts to Slack: %+v, want the story's card in CREVIEW", cards)
	}
}
