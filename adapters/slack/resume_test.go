package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
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
	failOnRefused(t, api)
	return adapterAt(t, newFixture(t), api), api
}

// adapterAt is a second adapter of f's bot, pointed at a fake Slack of its
// own served by h.
func adapterAt(t *testing.T, f *fixture, h http.Handler) *Adapter {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg := config.Default()
	cfg.Slack.Enabled = true
	cfg.Slack.APIURL = srv.URL + "/api/"
	cfg.Slack.BotToken = testBotToken
	cfg.Slack.SigningSecret = testSecret
	ad, err := New(f.bot, cfg, Options{Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	return ad
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
		sentence, ok := strings.CutSuffix(perm2reason(err, &perm), " (Slack error "+code+")")
		if perm == nil || !ok || strings.Contains(sentence, "_") {
			t.Errorf("%s: %v is not permanent with a sentence and Slack's code in brackets", code, err)
		}
	}
}

// perm2reason is err's PermanentError's Reason ("" when it is none),
// which it also sets perm to.
func perm2reason(err error, perm **delivery.PermanentError) string {
	if !errors.As(err, perm) {
		return ""
	}
	return (*perm).Reason
}

// TestEditionToGoneChannelsFailsForGood: channel_not_found and
// not_in_channel are permanent errors, not retried, and editors read what
// to do with Slack's code; a server error and a dropped connection are
// retried, and the sentence editors read for them names no API address.
func TestEditionToGoneChannelsFailsForGood(t *testing.T) {
	ad, _ := newResumeFixture(t, slacktest.Options{Gone: []string{"CGONE"}, Outside: []string{"COUT"}})
	for ch, want := range map[string]string{
		"CGONE": "the channel no longer exists or the bot cannot see it: if it is private, invite the bot to it (Slack error channel_not_found)",
		"COUT":  "the bot is not a member of the channel: invite the bot to it with /invite (Slack error not_in_channel)",
	} {
		err := ad.PostEdition(context.Background(), delivery.Post{ChannelID: ch, Edition: sampleEdition(), Key: "k"},
			func(int, string) error { return nil })
		var perm *delivery.PermanentError
		if got := perm2reason(err, &perm); perm == nil || got != want {
			t.Errorf("%s: %v, want permanent: %q", ch, err, want)
		}
	}
	for faults, want := range map[slacktest.Faults]string{
		{ServerError: 1}: "Slack had a server error (HTTP 500)",
		{DropBefore: 1}:  "Slack could not be reached (the connection was dropped)",
	} {
		ad, _ := newResumeFixture(t, slacktest.Options{Faults: faults})
		err := ad.PostEdition(context.Background(), delivery.Post{ChannelID: "CNEWS", Edition: sampleEdition(), Key: "k"},
			func(int, string) error { return nil })
		var perm *delivery.PermanentError
		if err == nil || errors.As(err, &perm) {
			t.Errorf("%+v: %v, want a failure worth retrying", faults, err)
		}
		if got := delivery.Reason("slack", err); got != want {
			t.Errorf("%+v: editors read %q, want %q (error %v)", faults, got, want, err)
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
	if !errors.As(err, &perm) || perm.Reason != "the bot lacks the channels:history scope: add it in the app's settings and install the app again (Slack error missing_scope)" {
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
