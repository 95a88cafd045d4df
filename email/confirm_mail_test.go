package email_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestConfirmationMailSpeaksTheBotsTimeAndSectorOrder: the confirmation
// mail states its link's expiry in bot.timezone, as every other time the
// product states (it said UTC), and names the sectors chosen in the one
// order the confirm page and every list of sectors use, the configured
// one, whatever order the form sent them in, joined as the confirm page
// joins them ("a, b and c"; it said "Health & Social Care, Housing").
func TestConfirmationMailSpeaksTheBotsTimeAndSectorOrder(t *testing.T) {
	srv, err := smtptest.Start(smtptest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	st := storetest.Open(t, "")
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 23, 30, 0, 0, time.UTC) // 00:30 BST on 2 June
	svc := newService(t, st, newSender(t, senderTo(srv)), email.Options{SiteName: "Shared News", From: "news@council.example",
		PublicURL: "https://news.council.example", Location: london, Now: func() time.Time { return now }})
	ctx := context.Background()
	// The configured order is local-government, health, education, …,
	// housing: the form sent housing first.
	if err := svc.SignUp(ctx, "reader@example.org", []string{"housing", "health"}, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d mails", len(msgs))
	}
	w := checkWire(t, msgs[0])
	for _, want := range []string{"until 9 June 2026 at 00:30 BST.", "for Health & Social Care and Housing."} {
		if !strings.Contains(w.text, want) {
			t.Errorf("confirmation mail lacks %q:\n%s", want, w.text)
		}
	}
	// The confirm page lists the link's sectors in the same order.
	i := strings.Index(w.text, "confirm?t=")
	token, _, _ := strings.Cut(w.text[i+len("confirm?t="):], "\n")
	token, _ = url.QueryUnescape(strings.TrimSpace(token))
	c, err := svc.CheckConfirmation(ctx, token)
	if err != nil || strings.Join(c.Sectors, ",") != "health,housing" {
		t.Errorf("the confirm page's sectors: %q, %v; want health,housing", c.Sectors, err)
	}
}

// TestConfirmationMailToAReaderAlreadySubscribed: a reader who is
// subscribed and signs up again is told so in the mail, with the sectors
// they receive now and that confirming changes them to the new choice
// (the mail read as a first sign-up, and confirming replaced the sectors
// without a word).
func TestConfirmationMailToAReaderAlreadySubscribed(t *testing.T) {
	srv, err := smtptest.Start(smtptest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	st := storetest.Open(t, "")
	svc := newService(t, st, newSender(t, senderTo(srv)), email.Options{SiteName: "Shared News", From: "news@council.example",
		PublicURL: "https://news.council.example", Location: time.UTC})
	ctx := context.Background()
	tokenIn := func(text string) string {
		i := strings.Index(text, "confirm?t=")
		token, _, _ := strings.Cut(text[i+len("confirm?t="):], "\n")
		token, _ = url.QueryUnescape(strings.TrimSpace(token))
		return token
	}
	if err := svc.SignUp(ctx, "reader@example.org", []string{"health"}, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	first := checkWire(t, srv.Messages()[0])
	if strings.Contains(first.text, "already") {
		t.Errorf("a first sign-up's mail says the reader is subscribed already:\n%s", first.text)
	}
	if _, err := svc.Confirm(ctx, tokenIn(first.text)); err != nil {
		t.Fatal(err)
	}
	if err := svc.SignUp(ctx, "reader@example.org", []string{"housing"}, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d mails", len(msgs))
	}
	again := checkWire(t, msgs[1])
	for _, want := range []string{"This address already receives Shared News by email, for Health & Social Care.",
		"Confirming changes its sectors to Housing.", "If you did not ask, ignore this mail: nothing changes."} {
		if !strings.Contains(again.text, want) {
			t.Errorf("the mail to a subscribed reader lacks %q:\n%s", want, again.text)
		}
		if !strings.Contains(again.html, strings.ReplaceAll(want, "&", "&amp;")) {
			t.Errorf("the mail's HTML lacks %q:\n%s", want, again.html)
		}
	}
}

// TestConfirmationMailWhenSigningUpAgain: someone who signs up three
// times got three mails worded as the first, each a link, with nothing to
// say that the earlier links still work (they share one nonce: the first
// followed confirms and the others stop) or that a fourth sign-up sends
// nothing for a day. The second and third now say so; the first does not.
func TestConfirmationMailWhenSigningUpAgain(t *testing.T) {
	srv, err := smtptest.Start(smtptest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	st := storetest.Open(t, "")
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	svc := newService(t, st, newSender(t, senderTo(srv)), email.Options{SiteName: "Shared News", From: "news@council.example",
		PublicURL: "https://news.council.example", Location: time.UTC, Now: func() time.Time { return now }})
	ctx := context.Background()
	for i := 0; i < 4; i++ {
		if err := svc.SignUp(ctx, "reader@example.org", nil, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Minute)
	}
	msgs := srv.Messages()
	if len(msgs) != 3 {
		t.Fatalf("%d mails, want 3 (a day's limit)", len(msgs))
	}
	const earlier = "A confirmation link was sent to this address before, and it still works, as this one does: " +
		"whichever you follow first confirms, with the sectors chosen for it, and the others then stop working."
	const last = "This is the last confirmation mail this address will get before " // a day after the first, by the store's clock
	for i, m := range msgs {
		w := checkWire(t, m)
		for _, tc := range []struct {
			says string
			want bool
		}{{earlier, i > 0}, {last, i == 2}, {"Someone, probably you, asked to receive Shared News", true}} {
			if strings.Contains(w.text, tc.says) != tc.want || strings.Contains(w.html, tc.says) != tc.want {
				t.Errorf("mail %d: saying %q is %v, want %v:\n%s", i+1, tc.says, !tc.want, tc.want, w.text)
			}
		}
	}
}
