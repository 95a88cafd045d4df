package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/delivery"
)

// newResumeFixture is an adapter pointed at a fake Slack of its own, with
// the given rate limit and missing channels.
func newResumeFixture(t *testing.T, opts slacktest.Options) (*Adapter, *slacktest.Fake) {
	t.Helper()
	api := slacktest.New(opts)
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	f := newFixture(t)
	cfg := config.Default()
	cfg.Slack.Enabled = true
	cfg.Slack.APIURL = srv.URL + "/api/"
	cfg.Slack.BotToken = testBotToken
	cfg.Slack.SigningSecret = testSecret
	ad, err := New(f.bot, cfg, Options{Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	return ad, api
}

// TestEditionResumesWhereItStopped: a delivery interrupted after posting
// part 1 but before recording it finds parts 0 and 1 in the channel (by
// their metadata, in the first message's thread) and posts only the rest,
// so the channel gets each part once, in order.
func TestEditionResumesWhereItStopped(t *testing.T) {
	ad, api := newResumeFixture(t, slacktest.Options{PerChannelRate: 1000, Burst: 100})
	ctx := context.Background()
	e := bigEdition(50)
	e.Number = 7
	post := delivery.Post{ChannelID: "CNEWS", Edition: e, Key: "e7:slack:CNEWS"}
	adaptertest.PostUntilKilled(t, ad, post, 1)
	n, first, err := ad.PostedParts(ctx, post)
	if err != nil || n != 2 || first != "CNEWS/1700000000.000001" {
		t.Fatalf("posted parts = %d %q %v", n, first, err)
	}
	other := post
	other.Key = "e8:slack:CNEWS"
	if n, _, err := ad.PostedParts(ctx, other); err != nil || n != 0 {
		t.Errorf("another delivery's parts found: %d %v", n, err)
	}
	post.From, post.FirstRef = n, first
	if err := ad.PostEdition(ctx, post, func(int, string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(api.Parts()["CNEWS"]); got != "[{e7:slack:CNEWS 0} {e7:slack:CNEWS 1} {e7:slack:CNEWS 2}]" {
		t.Errorf("channel got %s", got)
	}
}

// TestEditionToChannelsThatRefuseItFailsForGood: Slack's refusals that no
// retry changes (a channel where only admins may post, threads the later
// messages cannot go in, an expired token) fail the delivery at once,
// with a sentence for the editors. They were retried for an hour and
// three quarters and then reported with Slack's error code alone.
func TestEditionToChannelsThatRefuseItFailsForGood(t *testing.T) {
	refusals := map[string]string{
		"CREADONLY":   "restricted_action_read_only_channel",
		"CTHREADS":    "restricted_action_thread_only_channel",
		"CNOTHREADS":  "restricted_action_non_threadable_channel",
		"CLOCKED":     "restricted_action_thread_locked",
		"CEXPIRED":    "token_expired",
		"CNOACCESS":   "access_denied",
		"CNOPERMIT":   "no_permission",
		"CENTERPRISE": "enterprise_is_restricted",
	}
	ad, _ := newResumeFixture(t, slacktest.Options{Refuse: refusals})
	for ch, code := range refusals {
		err := ad.PostEdition(context.Background(), delivery.Post{ChannelID: ch, Edition: sampleEdition(), Key: "k"},
			func(int, string) error { return nil })
		var perm *delivery.PermanentError
		if !errors.As(err, &perm) || strings.Contains(perm.Reason, "_") {
			t.Errorf("%s: %v is not permanent with a sentence", code, err)
		}
	}
}

// TestEditionToGoneChannelsFailsForGood: channel_not_found and
// not_in_channel are permanent errors, not retried.
func TestEditionToGoneChannelsFailsForGood(t *testing.T) {
	ad, _ := newResumeFixture(t, slacktest.Options{Gone: []string{"CGONE"}, Outside: []string{"COUT"}})
	for _, ch := range []string{"CGONE", "COUT"} {
		err := ad.PostEdition(context.Background(), delivery.Post{ChannelID: ch, Edition: sampleEdition(), Key: "k"},
			func(int, string) error { return nil })
		var perm *delivery.PermanentError
		if !errors.As(err, &perm) {
			t.Errorf("%s: %v is not permanent", ch, err)
		}
	}
}

// TestResumeWithoutHistoryScopeNamesIt: an app installed without
// channels:history cannot look for the parts already posted, and the
// delivery fails saying which scope it lacks. Editors were told "the bot
// lacks the chat:write scope", which it has: the scope Slack names is
// the one it needs.
func TestResumeWithoutHistoryScopeNamesIt(t *testing.T) {
	ad, _ := newResumeFixture(t, slacktest.Options{NoHistory: true})
	_, _, err := ad.PostedParts(context.Background(), delivery.Post{ChannelID: "CNEWS", Edition: sampleEdition(), Key: "e1:slack:CNEWS"})
	var perm *delivery.PermanentError
	if !errors.As(err, &perm) || perm.Reason != "the bot lacks the channels:history scope" {
		t.Errorf("err = %v, want a permanent error naming channels:history", err)
	}
}

// TestResumeInABusyChannel: a delivery resumed after more messages than
// one page of history were posted in the channel since its first part
// (a bot down overnight in a busy channel) still finds that part, and
// posts only the rest. It read one page of 200 and, not finding it there,
// posted the whole edition again.
func TestResumeInABusyChannel(t *testing.T) {
	ad, _ := newResumeFixture(t, slacktest.Options{})
	ctx := context.Background()
	e := bigEdition(50)
	e.Number = 7
	post := delivery.Post{ChannelID: "CNEWS", Edition: e, Key: "e7:slack:CNEWS"}
	adaptertest.PostUntilKilled(t, ad, post, 0)
	for i := range 250 {
		if _, _, err := ad.api.PostMessageContext(ctx, "CNEWS", slackgo.MsgOptionText(fmt.Sprintf("chatter %d", i), false)); err != nil {
			t.Fatal(err)
		}
	}
	n, first, err := ad.PostedParts(ctx, post)
	if err != nil || n != 1 || first != "CNEWS/1700000000.000001" {
		t.Errorf("posted parts = %d %q %v, want part 0 found under the chatter", n, first, err)
	}
}
