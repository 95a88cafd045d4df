package bot

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/internal/syncbuf"
	"github.com/sharednews/sharednews/store"
)

// TestFailedDeliveriesAreReportedWhenTheReviewChannelIsBack: deliveries
// fail for good mostly when their platform is down for hours, and the
// editors' review channel is down with it. The report the review channel
// refused was dropped, so the editors never heard that the edition missed
// a channel; it is now tried again a minute later, and given once it
// gets through.
func TestFailedDeliveriesAreReportedWhenTheReviewChannelIsBack(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	ctx := context.Background()
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	w, err := delivery.New(delivery.Options{Store: f.store, Sectors: f.bot.Sectors(), Reporter: f.bot, Now: clock,
		Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	w.Add(f.slack)
	f.bot.DeliverWith(w)
	for _, ch := range []string{"C1", "CGONE"} {
		r := f.bot.Handle(ctx, Request{Caller: editor, Channel: Channel{Platform: "slack", ID: ch}, Text: "subscribe"})
		if tone(r) != Success {
			t.Fatal(text(r))
		}
	}
	f.slack.failTo = "CGONE"
	f.slack.reviewDown = true
	f.say(member, "submit "+page.URL+"/a health")
	f.say(editor, "approve 1")
	if r := f.say(editor, "publish"); !strings.Contains(text(r), "delivered to 1 of 2 channels, 1 failed") {
		t.Fatalf("publish: %q", text(r))
	}
	review := func() ([]string, int) {
		f.slack.mu.Lock()
		defer f.slack.mu.Unlock()
		return append([]string(nil), f.slack.review...), f.slack.refused
	}
	if told, refused := review(); len(told) != 0 || refused != 1 {
		t.Fatalf("while the review channel is down: told %q, %d refused", told, refused)
	}
	w.Deliver(ctx) // at once: not tried again yet
	if _, refused := review(); refused != 1 {
		t.Errorf("the report was tried again %d times within the minute", refused-1)
	}
	f.slack.mu.Lock()
	f.slack.reviewDown = false
	f.slack.mu.Unlock()
	mu.Lock()
	now = now.Add(time.Minute + time.Second)
	mu.Unlock()
	w.Deliver(ctx)
	w.Deliver(ctx)
	want := "Delivery of edition 1 failed in 1 channel:\n• slack channel CGONE — the channel is gone (Slack error channel_not_found)" +
		"\nOnce the cause is fixed, `/shared subscribe` in the channel sends it edition 1 (until the next edition is out)."
	if told, _ := review(); len(told) != 1 || told[0] != want {
		t.Errorf("once the review channel is back, editors were told %q, want it once", told)
	}
}

// TestFailureReportSaysHowToSendItAgain: the report ends with the
// command that sends the edition to a channel that missed it, once the
// cause is fixed. Subscribe replaces a channel's sectors, so the command
// named is the one the channel was subscribed with; channels subscribed
// with different ones are told to subscribe with their sectors.
func TestFailureReportSaysHowToSendItAgain(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	health := store.Delivery{EditionID: 9, Platform: "slack", ChannelID: "C1", Sectors: []string{"health", "housing"}, Error: "gone"}
	all := store.Delivery{EditionID: 9, Platform: "slack", ChannelID: "C2", Error: "gone"}
	for _, c := range []struct {
		ds   []store.Delivery
		want string
	}{
		{[]store.Delivery{health}, "\nOnce the cause is fixed, `/shared subscribe health housing` in the channel sends it the latest edition (until the next edition is out)."},
		{[]store.Delivery{all, all}, "\nOnce the cause is fixed, `/shared subscribe` in a channel sends it the latest edition (until the next edition is out)."},
		{[]store.Delivery{health, all}, "\nOnce the cause is fixed, subscribing a channel again, with the sectors it takes, sends it the latest edition (until the next edition is out)."},
	} {
		if got := f.bot.failureReport(ctx, c.ds, ""); !strings.HasSuffix(got, c.want) {
			t.Errorf("report:\n%s\nwant it to end %q", got, c.want)
		}
	}
}

// TestFailureReportWithNoReviewChannelIsLogged: with no review channel
// configured on any platform, a delivery that failed for good was counted
// as told to the editors and said nowhere. The report is now logged at
// ERROR for the operator, once, saying that no editor was told.
func TestFailureReportWithNoReviewChannelIsLogged(t *testing.T) {
	f := newFixture(t, nil)
	var logged syncbuf.Buffer
	f.bot.log = slog.New(slog.NewTextHandler(&logged, nil))
	page := pageServer(t)
	ctx := context.Background()
	w, err := delivery.New(delivery.Options{Store: f.store, Sectors: f.bot.Sectors(), Reporter: f.bot,
		Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	w.Add(f.slack)
	f.bot.DeliverWith(w)
	if r := f.bot.Handle(ctx, Request{Caller: editor, Channel: Channel{Platform: "slack", ID: "CGONE"}, Text: "subscribe"}); tone(r) != Success {
		t.Fatal(text(r))
	}
	f.slack.failTo = "CGONE"
	f.slack.noReview = true
	f.say(member, "submit "+page.URL+"/a health")
	f.say(editor, "approve 1")
	if r := f.say(editor, "publish"); !strings.Contains(text(r), "1 failed") {
		t.Fatalf("publish: %q", text(r))
	}
	w.Deliver(ctx)
	out := logged.String()
	want := "level=ERROR msg=\"no review channel is configured (slack.review_channel, discord.review_channel), so no editor was told\" message=\"Delivery of edition 1 failed in 1 channel:"
	if strings.Count(out, want) != 1 || !strings.Contains(out, "CGONE") {
		t.Errorf("the log does not have the report once at ERROR (%q):\n%s", want, out)
	}
	if f.slack.review != nil {
		t.Errorf("posted to a review channel that does not exist: %q", f.slack.review)
	}
}

// TestMailFailureReportSaysACommonCauseOnceAndHowToResend: when every
// failed mail of an edition failed for one reason (email.from refused,
// the relay down), editors read it once, as the sentence it is, not once
// for each of ten readers and "… and 490 more"; either way the report
// ends with the command that sends the mails again once the cause is
// fixed, which it never named.
func TestMailFailureReportSaysACommonCauseOnceAndHowToResend(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	const why = "the mail server refused the bot's sender address (553 5.7.1 Sender address rejected): " +
		"set email.from to an address the server lets the bot send from; gave up after 12 tries"
	var same []store.Delivery
	for i := 1; i <= 30; i++ {
		same = append(same, store.Delivery{EditionID: 9, Platform: store.EmailPlatform, ChannelID: strconv.Itoa(i), Error: why})
	}
	const resend = "\nOnce the cause is fixed, `sharednews subscribers resend` sends the latest edition again to these readers, " +
		"leaving out any whose server refused the address."
	got := f.bot.mailFailureReport(ctx, same, "")
	if strings.Count(got, why) != 1 || strings.Contains(got, "•") || !strings.Contains(got, "30 readers: "+why) {
		t.Errorf("report of 30 mails failed alike:\n%s\nwant the reason once, after the count", got)
	}
	if !strings.HasSuffix(got, resend) {
		t.Errorf("report:\n%s\nwant it to end %q", got, resend)
	}
	mixed := append(same[:2:2], store.Delivery{EditionID: 9, Platform: store.EmailPlatform, ChannelID: "40", Error: "the mail server refused the address (550 5.1.1 no such user)"})
	got = f.bot.mailFailureReport(ctx, mixed, "")
	if strings.Count(got, "•") != 3 || !strings.HasSuffix(got, resend) {
		t.Errorf("report of mails failed for different reasons:\n%s\nwant each listed, ending %q", got, resend)
	}
}

// failedEdition publishes one story to a Slack channel and two readers by
// mail, straight into the store's ledger, and returns a function that
// fails the edition's deliveries of one kind (mail or not) for good, as
// the worker does when their tries run out, and claims the failure
// reports due, as the worker then does.
func failedEdition(t *testing.T, f *fixture) (failAndClaim func(mail ...bool) []store.Delivery) {
	t.Helper()
	ctx := context.Background()
	f.approvedStory(t, "Two districts share a chief executive")
	if _, err := f.store.Subscribe(ctx, store.Subscription{Platform: "slack", ChannelID: "CGONE"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.ImportSubscribers(ctx, []store.ImportedSubscriber{{Address: "a@example.org"}, {Address: "b@example.org"}}); err != nil {
		t.Fatal(err)
	}
	pub, err := f.store.Publish(ctx, store.Publication{Title: "T", Email: true})
	if err != nil {
		t.Fatal(err)
	}
	return func(mail ...bool) []store.Delivery {
		t.Helper()
		for _, d := range pub.Deliveries {
			if !slices.Contains(mail, d.Platform == store.EmailPlatform) {
				continue
			}
			why := "the channel is gone (Slack error channel_not_found)"
			if d.Platform == store.EmailPlatform {
				why = "the mail server could not be reached; gave up after 3 days"
			}
			if _, ok, err := f.store.ClaimDelivery(ctx, d.ID, "test", time.Now(), time.Minute); err != nil || !ok {
				t.Fatalf("claim delivery %d: %v %v", d.ID, ok, err)
			}
			if err := f.store.FailDelivery(ctx, d.ID, "test", why); err != nil {
				t.Fatal(err)
			}
		}
		claimed, err := f.store.ClaimFailureReports(ctx, nil, time.Now(), time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return claimed
	}
}

// TestAnEditionsChannelsAndMailsFailedTogetherAreOneReport: an edition
// whose Slack channel and whose mails failed by the time the worker looks
// was told to the editors in two messages at once, one for the channel
// and one for the mail, each read as the edition's report. It is now one
// report, saying both.
func TestAnEditionsChannelsAndMailsFailedTogetherAreOneReport(t *testing.T) {
	f := newFixture(t, nil)
	failAndClaim := failedEdition(t, f)
	claimed := failAndClaim(false, true)
	if len(claimed) != 3 {
		t.Fatalf("claimed %d failure reports, want the channel's and the two mails'", len(claimed))
	}
	if untold := f.bot.ReportFailedDeliveries(context.Background(), claimed); len(untold) != 0 {
		t.Fatalf("untold: %+v", untold)
	}
	if len(f.slack.review) != 1 {
		t.Fatalf("the editors were told in %d messages, want one:\n%s", len(f.slack.review), strings.Join(f.slack.review, "\n---\n"))
	}
	for _, want := range []string{"Delivery of edition 1 failed in 1 channel:", "`/shared subscribe` in the channel",
		"The email of edition 1 could not be delivered to 2 readers: the mail server could not be reached", "`sharednews subscribers resend`"} {
		if !strings.Contains(f.slack.review[0], want) {
			t.Errorf("the report does not say %q:\n%s", want, f.slack.review[0])
		}
	}
}

// TestAnEditionsMailsFailedAfterItsChannelsAreToldAsAnAddition: the
// mails of an edition are tried for days, its channels for under two
// hours, so the mails' failure comes long after the channels' report.
// The editors read a second report of the same edition, worded as if it
// were the first news of it. It is now said as an addition to the report
// they had, and the report they had is not said again.
func TestAnEditionsMailsFailedAfterItsChannelsAreToldAsAnAddition(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	failAndClaim := failedEdition(t, f)
	f.bot.ReportFailedDeliveries(ctx, failAndClaim(false))
	f.bot.ReportFailedDeliveries(ctx, failAndClaim(true))
	if len(f.slack.review) != 2 {
		t.Fatalf("the editors were told in %d messages, want the channel's report and then the mails':\n%s",
			len(f.slack.review), strings.Join(f.slack.review, "\n---\n"))
	}
	if strings.Contains(f.slack.review[1], "CGONE") {
		t.Errorf("the mails' report says the channel's failure again:\n%s", f.slack.review[1])
	}
	want := "Also, the email of edition 1 (its channels were reported before) could not be delivered to 2 readers: the mail server could not be reached"
	if !strings.HasPrefix(f.slack.review[1], want) {
		t.Errorf("the mails' report:\n%s\nwant it to begin %q", f.slack.review[1], want)
	}
}
