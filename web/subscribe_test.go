package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
)

// emailFixture is the archive with the email edition on: a real SMTP
// server (go-smtp, STARTTLS), the email service and a delivery worker.
type emailFixture struct {
	*fixture
	smtp   *smtptest.Server
	worker *delivery.Worker
}

func newEmailFixture(t *testing.T) *emailFixture {
	t.Helper()
	return newEmailFixtureWith(t, smtptest.Options{})
}

// newEmailFixtureWith is newEmailFixture with a mail server answering as
// opts says.
func newEmailFixtureWith(t *testing.T, opts smtptest.Options) *emailFixture {
	t.Helper()
	f := newFixture(t)
	srv, err := smtptest.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	sender, err := email.NewSMTP(email.SMTPOptions{Host: srv.Host(), Port: srv.Port(), TLSConfig: srv.ClientTLS, PerSecond: 1000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sender.Close() })
	svc, err := email.New(context.Background(), email.Options{Store: f.store, Sender: sender, Sectors: f.bot.Sectors(),
		SiteName: "Shared News", From: "Shared News <news@news.example.org>", PublicURL: publicURL})
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(context.Background(), Options{PublicURL: publicURL, SiteName: "Shared News", Bot: f.bot, Store: f.store, Build: "test", Email: svc})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Mount(mux)
	f.srv.Close()
	f.archive, f.srv = a, httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	w, err := delivery.New(delivery.Options{Store: f.store, Sectors: f.bot.Sectors()})
	if err != nil {
		t.Fatal(err)
	}
	w.Add(svc)
	return &emailFixture{fixture: f, smtp: srv, worker: w}
}

func (f *emailFixture) post(path string, form url.Values, headers ...string) response {
	f.t.Helper()
	return f.postBody(path, form.Encode(), append([]string{"Content-Type", "application/x-www-form-urlencoded"}, headers...)...)
}

// postBody POSTs body to path with headers (name, value, …).
func (f *emailFixture) postBody(path, body string, headers ...string) response {
	f.t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusSeeOther {
		// A browser follows a 303 with a GET, which the reader sees.
		to := resp.Header.Get("Location")
		if local(to) == "" {
			f.t.Fatalf("POST %s: 303 to %q, not under the public URL", path, to)
		}
		r := f.get(local(to))
		r.seeOther = to
		return r
	}
	page, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: string(page)}
}

// textOf is a mail's text/plain part.
func textOf(t *testing.T, m smtptest.Message) (mail.Header, string) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(string(m.Data)))
	if err != nil {
		t.Fatal(err)
	}
	_, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	r := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := r.NextPart()
		if err != nil {
			t.Fatalf("no text part: %v", err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			b, _ := io.ReadAll(p)
			return msg.Header, string(b)
		}
	}
}

var (
	confirmLink = regexp.MustCompile(`https://news\.example\.org/archive/subscribe/confirm\?t=[A-Za-z0-9._-]+`)
	unsubLink   = regexp.MustCompile(`https://news\.example\.org/archive/unsubscribe\?t=[A-Za-z0-9._-]+`)
)

// TestSignUpConfirmPublishUnsubscribe is the reader's whole path: the
// form, the confirmation mail, the link (a page with a button, then its
// POST), an edition mailed exactly once, and one-click unsubscribe.
func TestSignUpConfirmPublishUnsubscribe(t *testing.T) {
	f := newEmailFixture(t)
	ctx := context.Background()
	form := f.get("/subscribe")
	if form.status != 200 || !strings.Contains(form.body, `name="address"`) || !strings.Contains(form.body, `value="health"`) {
		t.Fatalf("GET /subscribe = %d\n%s", form.status, form.body)
	}
	r := f.post("/subscribe", url.Values{"address": {"Reader@Example.org"}, "sector": {"health", "housing"}})
	if r.status != 200 || !strings.Contains(r.body, "Check your inbox") {
		t.Fatalf("POST /subscribe = %d\n%s", r.status, r.body)
	}
	// The same page for every address (no enumeration) tells a reader
	// subscribed already what the mail will, that confirming changes
	// their sectors.
	if want := "If this address is subscribed already, the message says so: confirming it changes the sectors to the ones chosen here, and ignoring it keeps them."; !strings.Contains(r.body, want) {
		t.Errorf("POST /subscribe does not say %q\n%s", want, r.body)
	}
	// A second sign-up of the same address (another case) answers the same.
	if again := f.post("/subscribe", url.Values{"address": {"reader@example.ORG"}}); again.body != r.body || again.status != r.status {
		t.Errorf("a second sign-up answered differently:\n%s", again.body)
	}
	msgs := f.smtp.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d confirmation mails, want 2", len(msgs))
	}
	// Nothing but confirmation mail before the link is followed.
	f.publishNow("health")
	if n := len(f.smtp.Messages()); n != 2 {
		t.Fatalf("an unconfirmed reader got an edition (%d mails)", n)
	}
	_, text := textOf(t, msgs[0])
	link := confirmLink.FindString(text)
	if link == "" {
		t.Fatalf("no confirmation link in:\n%s", text)
	}
	page := f.get(local(link))
	if page.status != 200 || !strings.Contains(page.body, "<button") || !strings.Contains(page.body, "R***@Example.org") ||
		strings.Contains(page.body, "Reader@Example.org") {
		t.Fatalf("GET confirm = %d\n%s", page.status, page.body)
	}
	token := strings.TrimPrefix(link[strings.Index(link, "?t="):], "?t=")
	done := f.post("/subscribe/confirm", url.Values{"t": {token}})
	if done.status != 200 || !strings.Contains(done.body, "You are subscribed") || !strings.Contains(done.body, ", with its stories on Health &amp; Social Care and Housing.") {
		t.Fatalf("POST confirm = %d\n%s", done.status, done.body)
	}
	if used := f.post("/subscribe/confirm", url.Values{"t": {token}}); used.status != http.StatusGone {
		t.Errorf("the link used twice: %d, want 410", used.status)
	}
	// The second mail's link was replaced... no: both carry the same
	// single-use nonce, so it is used up too.
	_, text2 := textOf(t, msgs[1])
	if l2 := confirmLink.FindString(text2); l2 == "" || f.post("/subscribe/confirm", url.Values{"t": {tokenOf(l2)}}).status != http.StatusGone {
		t.Error("the second confirmation link still works after the first was used")
	}

	pub := f.publishNow("housing")
	editions := f.smtp.Messages()[2:]
	if len(editions) != 1 || editions[0].To[0] != "Reader@Example.org" {
		t.Fatalf("edition mails: %d, want exactly one to the confirmed reader", len(editions))
	}
	h, text := textOf(t, editions[0])
	if h.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || !strings.Contains(text, "Housing associations") {
		t.Errorf("edition mail:\n%v\n%s", h, text)
	}
	unsub := unsubLink.FindString(h.Get("List-Unsubscribe"))
	if unsub == "" {
		t.Fatalf("List-Unsubscribe = %q", h.Get("List-Unsubscribe"))
	}
	// A browser: a confirm button first, nothing changed.
	if page := f.get(local(unsub)); page.status != 200 || !strings.Contains(page.body, ">Unsubscribe</button>") {
		t.Fatalf("GET unsubscribe = %d\n%s", page.status, page.body)
	}
	// A mail provider: RFC 8058's one-click POST, no cookie, no redirect.
	one := f.post(local(unsub), url.Values{"List-Unsubscribe": {"One-Click"}})
	if one.status != 200 || one.seeOther != "" || !strings.Contains(one.body, "You are unsubscribed") || !strings.Contains(one.body, "R***@Example.org is unsubscribed") {
		t.Fatalf("one-click POST = %d\n%s", one.status, one.body)
	}
	if again := f.post(local(unsub), url.Values{"List-Unsubscribe": {"One-Click"}}); again.status != 200 || !strings.Contains(again.body, "already unsubscribed") {
		t.Errorf("a second one-click = %d\n%s", again.status, again.body)
	}
	f.publishNow("health")
	if n := len(f.smtp.Messages()); n != 3 {
		t.Errorf("mail after unsubscribing: %d mails in all, want 3", n)
	}
	ds, _ := f.store.Deliveries(ctx, pub.Edition.Edition.ID)
	if len(ds) != 1 || ds[0].State != store.DeliveryDelivered {
		t.Errorf("ledger = %+v", ds)
	}
}

func tokenOf(link string) string { return link[strings.Index(link, "?t=")+3:] }

// publishNow publishes one new story in sector, with email deliveries, and
// sends them.
func (f *emailFixture) publishNow(sector string) store.Published {
	f.t.Helper()
	ctx := context.Background()
	headline := map[string]string{"health": "Hospital trusts share a board", "housing": "Housing associations share repairs"}[sector]
	st := f.story(headline+" "+time.Now().Format("150405.000000"), sector, "https://example.org/"+sector+time.Now().Format("150405.000000000"), "Shared.")
	if _, err := f.store.Approve(ctx, store.Decision{StoryID: st.ID}); err != nil {
		f.t.Fatal(err)
	}
	pub, err := f.store.Publish(ctx, store.Publication{Title: "Edition", Email: true})
	if err != nil {
		f.t.Fatal(err)
	}
	f.worker.Deliver(ctx)
	return pub
}

func TestSignUpRefusals(t *testing.T) {
	f := newEmailFixture(t)
	bad := f.post("/subscribe", url.Values{"address": {"not an address"}, "sector": {"health"}})
	if bad.status != 400 || !strings.Contains(bad.body, "is not an email address") || !strings.Contains(bad.body, `value="health" checked`) {
		t.Errorf("bad address = %d\n%s", bad.status, bad.body)
	}
	empty := f.post("/subscribe", url.Values{"address": {"  "}, "sector": {"health"}})
	if empty.status != 400 || !strings.Contains(empty.body, "Enter your email address, such as name@example.org.") || strings.Contains(empty.body, "“") {
		t.Errorf("empty address = %d\n%s", empty.status, empty.body)
	}
	if n := len(f.smtp.Messages()); n != 0 {
		t.Errorf("a bad address sent %d mails", n)
	}
	all, _ := f.store.Subscribers(context.Background())
	if len(all) != 0 {
		t.Errorf("a bad address stored %d subscribers", len(all))
	}
	// Per client: thirty sign-ups an hour from one network. A council's
	// staff share one outgoing address: five an hour turned the sixth
	// colleague away.
	for i := range 30 {
		if r := f.post("/subscribe", url.Values{"address": {fmt.Sprintf("reader%d@example.org", i)}}); r.status != http.StatusOK {
			t.Fatalf("sign-up %d from one network = %d %q, want 200", i+1, r.status, r.title())
		}
	}
	if last := f.post("/subscribe", url.Values{"address": {"reader30@example.org"}}); last.status != http.StatusTooManyRequests ||
		last.title() != "Please try again later · Shared News" {
		t.Errorf("31st sign-up from one network = %d %q, want 429", last.status, last.title())
	}
	if n := len(f.smtp.Messages()); n != 30 {
		t.Errorf("30 sign-ups sent %d confirmation mails", n)
	}
	// Per mailbox: three confirmation mails a day, from however many networks.
	for i := range 4 {
		f.post("/subscribe", url.Values{"address": {"often@example.org"}}, "X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i+1))
	}
	if n := len(f.smtp.Messages()); n != 33 {
		t.Errorf("four sign-ups of one mailbox sent %d confirmation mails, want 3", n-30)
	}
	// Behind a proxy on loopback, the reader's address is the proxy's last X-Forwarded-For entry.
	if r := f.post("/subscribe", url.Values{"address": {"other@example.org"}}, "X-Forwarded-For", "10.9.9.9, 203.0.113.7"); r.status != 200 {
		t.Errorf("another reader behind the proxy = %d", r.status)
	}
	for _, path := range []string{"/subscribe/confirm?t=c.bogus.sig", "/unsubscribe?t=u.1.nope", "/unsubscribe"} {
		if r := f.get(path); r.status != 400 || !strings.Contains(r.body, "was not made by this site") {
			t.Errorf("GET %s = %d\n%s", path, r.status, r.body)
		}
	}
	// A reader who wants to leave is not told to sign up again.
	for _, path := range []string{"/unsubscribe?t=u.1.nope", "/unsubscribe"} {
		if r := f.get(path); strings.Contains(r.body, "sign up again") || strings.Contains(r.body, ">Sign up<") ||
			!strings.Contains(r.body, "use the unsubscribe link in another edition you received") {
			t.Errorf("GET %s tells a reader leaving to sign up:\n%s", path, r.body)
		}
	}
	if r := f.post("/subscribe", url.Values{"address": {strings.Repeat("a", 9000)}}); r.status != http.StatusRequestEntityTooLarge ||
		r.title() != "Too large · Shared News" {
		t.Errorf("a 9 kB form = %d %q, want 413", r.status, r.title())
	}
}

// A confirmation mail the server refuses for good (550: no such mailbox,
// as a council's own server answers for a mistyped colleague) will never
// go: the reader was told "try again in a few minutes", and every try
// failed the same way. The form now asks them to check the address; a
// "try later" answer (451) still says to try again later.
func TestSignUpToAnAddressTheServerRefusesSaysToCheckIt(t *testing.T) {
	f := newEmailFixtureWith(t, smtptest.Options{Recipient: func(address string, _ int) error {
		switch {
		case strings.HasPrefix(address, "nobody@"):
			return smtptest.NoSuchUser(address)
		case strings.HasPrefix(address, "busy@"):
			return smtptest.TempFail()
		}
		return nil
	}})
	r := f.post("/subscribe", url.Values{"address": {"nobody@example.org"}, "sector": {"health"}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "Mail to “nobody@example.org” was refused") ||
		!strings.Contains(r.body, "check that the address is typed correctly") || strings.Contains(r.body, "try again") ||
		!strings.Contains(r.body, `value="health" checked`) || r.title() != "Error: Subscribe by email · Shared News" ||
		!strings.Contains(r.body, `aria-invalid="true" aria-describedby="subscribe-problem"`) {
		t.Errorf("sign-up of an address the server refuses = %d\n%s", r.status, r.body)
	}
	r = f.post("/subscribe", url.Values{"address": {"busy@example.org"}})
	if r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, "Please try again in a few minutes") ||
		r.title() != "Please try again later · Shared News" {
		t.Errorf("sign-up while the server says 451 = %d\n%s", r.status, r.body)
	}
	// A mailbox with letters beyond ASCII, to a server without SMTPUTF8:
	// trying later cannot help, and the reader can use another address.
	r = f.post("/subscribe", url.Values{"address": {"müller@example.org"}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "cannot send to “müller@example.org”") ||
		!strings.Contains(r.body, "Please use another address") || strings.Contains(r.body, "try again") ||
		r.title() != "Error: Subscribe by email · Shared News" || !strings.Contains(r.body, `aria-invalid="true" aria-describedby="subscribe-problem"`) {
		t.Errorf("sign-up of a non-ASCII mailbox the server cannot take = %d\n%s", r.status, r.body)
	}
	if n := len(f.smtp.Messages()); n != 0 {
		t.Errorf("%d mails accepted, want none", n)
	}
	// The addresses the page refused are not kept: before, each stayed a
	// reader "awaiting confirmation" in /shared status and in the data
	// owner's export, though the reader was told to use another one.
	for _, address := range []string{"nobody@example.org", "müller@example.org"} {
		if sub, err := f.store.SubscriberByAddress(t.Context(), address); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("refused %s is kept: %+v, %v", address, sub, err)
		}
	}
}

func TestEmailPagesAreAbsentWhenEmailIsOff(t *testing.T) {
	f := newFixture(t)
	if r := f.get("/subscribe"); r.status != 404 {
		t.Errorf("GET /subscribe with email off = %d, want 404", r.status)
	}
	if r := f.get("/"); strings.Contains(r.body, "/subscribe") {
		t.Error("the pages link the sign-up form with email off")
	}
}

// RFC 8058 3.1: the one-click POST "SHOULD" be multipart/form-data (Gmail
// sends application/x-www-form-urlencoded, which the test above sends),
// with no cookie; and a mail scanner that prefetches the links (GET, HEAD)
// must neither confirm nor unsubscribe anyone.
func TestOneClickAsProvidersSendItAndPrefetchChangesNothing(t *testing.T) {
	f := newEmailFixture(t)
	ctx := context.Background()
	if r := f.post("/subscribe", url.Values{"address": {"reader@example.org"}}); r.status != 200 {
		t.Fatalf("sign-up = %d", r.status)
	}
	_, text := textOf(t, f.smtp.Messages()[0])
	confirm := local(confirmLink.FindString(text))
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		if r := f.do(method, confirm); r.status != 200 {
			t.Errorf("%s confirmation link = %d", method, r.status)
		}
	}
	if sub, _ := f.store.SubscriberByAddress(ctx, "reader@example.org"); sub.State != store.SubscriberPending {
		t.Fatalf("after prefetching the confirmation link the reader is %s, want still pending", sub.State)
	}
	if r := f.post("/subscribe/confirm", url.Values{"t": {tokenOf(confirm)}}); r.status != 200 {
		t.Fatalf("confirm = %d", r.status)
	}
	f.publishNow("health")
	msgs := f.smtp.Messages()
	h, _ := textOf(t, msgs[len(msgs)-1])
	unsub := local(unsubLink.FindString(h.Get("List-Unsubscribe")))
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		if r := f.do(method, unsub); r.status != 200 {
			t.Errorf("%s unsubscribe link = %d", method, r.status)
		}
	}
	if sub, _ := f.store.SubscriberByAddress(ctx, "reader@example.org"); sub.State != store.SubscriberConfirmed {
		t.Fatalf("after prefetching the unsubscribe link the reader is %s, want still confirmed", sub.State)
	}
	body := "--b\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--\r\n"
	req, err := http.NewRequest(http.MethodPost, f.srv.URL+unsub, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "r***@example.org is unsubscribed") {
		t.Errorf("multipart one-click POST = %d\n%s", resp.StatusCode, page)
	}
	if sub, _ := f.store.SubscriberByAddress(ctx, "reader@example.org"); sub.State != store.SubscriberUnsubscribed {
		t.Errorf("after the one-click POST the reader is %s", sub.State)
	}
}

// A sector the form did not offer (one taken out of the configuration
// since the form was shown, or a hand-made POST) is refused with the form
// again, not dropped: dropping it left a reader who asked for one sector
// subscribed to every sector.
func TestSignUpRefusesAnUnknownSector(t *testing.T) {
	f := newEmailFixture(t)
	for _, sectors := range [][]string{{"fire-and-rescue"}, {"health", "fire-and-rescue"}} {
		r := f.post("/subscribe", url.Values{"address": {"reader@example.org"}, "sector": sectors})
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, "is not one of the sectors") ||
			!strings.Contains(r.body, `value="reader@example.org"`) {
			t.Errorf("sectors %q: POST /subscribe = %d\n%s", sectors, r.status, r.body)
		}
		if sectors[0] == "health" && !strings.Contains(r.body, `value="health" checked`) {
			t.Errorf("sectors %q: the form lost the reader's known choice", sectors)
		}
	}
	if n := len(f.smtp.Messages()); n != 0 {
		t.Errorf("an unknown sector sent %d confirmation mails", n)
	}
	if all, _ := f.store.Subscribers(context.Background()); len(all) != 0 {
		t.Errorf("an unknown sector stored %d subscribers", len(all))
	}
}

// A confirmation link whose every chosen sector was taken out of the
// configuration since the sign-up would subscribe the reader to every
// sector, which they did not ask for: the link says so and changes
// nothing. A choice with a sector left keeps that one.
func TestConfirmationAfterItsSectorsWereRemoved(t *testing.T) {
	f := newEmailFixture(t)
	ctx := context.Background()
	for _, a := range []string{"only@example.org", "both@example.org"} {
		sectors := []string{"housing"}
		if a == "both@example.org" {
			sectors = []string{"health", "housing"}
		}
		if r := f.post("/subscribe", url.Values{"address": {a}, "sector": sectors}); r.status != 200 {
			t.Fatalf("sign-up %s = %d", a, r.status)
		}
	}
	links := map[string]string{}
	for _, m := range f.smtp.Messages() {
		_, text := textOf(t, m)
		links[m.To[0]] = local(confirmLink.FindString(text))
	}
	// The configuration loses "housing"; the bot starts again.
	var kept []config.Sector
	for _, s := range f.cfg.Sectors {
		if s.Slug != "housing" {
			kept = append(kept, s)
		}
	}
	f.cfg.Sectors = kept
	sectors := f.cfg.DigestSectors()
	sender, err := email.NewSMTP(email.SMTPOptions{Host: f.smtp.Host(), Port: f.smtp.Port(), TLSConfig: f.smtp.ClientTLS, PerSecond: 1000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sender.Close() })
	svc, err := email.New(ctx, email.Options{Store: f.store, Sender: sender, Sectors: sectors,
		SiteName: "Shared News", From: "Shared News <news@news.example.org>", PublicURL: publicURL})
	if err != nil {
		t.Fatal(err)
	}
	b, err := bot.New(bot.Options{Config: f.cfg, Store: f.store})
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(ctx, Options{PublicURL: publicURL, SiteName: "Shared News", Bot: b, Store: f.store, Build: "test", Email: svc})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Mount(mux)
	f.srv.Close()
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)

	only := links["only@example.org"]
	if r := f.get(only); r.status != http.StatusGone || !strings.Contains(r.body, "no longer") {
		t.Errorf("GET the link of a reader whose only sector was removed = %d\n%s", r.status, r.body)
	}
	if r := f.post("/subscribe/confirm", url.Values{"t": {tokenOf(only)}}); r.status != http.StatusGone || !strings.Contains(r.body, "no longer") {
		t.Errorf("POST the link of a reader whose only sector was removed = %d\n%s", r.status, r.body)
	}
	if sub, _ := f.store.SubscriberByAddress(ctx, "only@example.org"); sub.State != store.SubscriberPending {
		t.Errorf("the reader whose only sector was removed is %s, want still pending", sub.State)
	}
	both := links["both@example.org"]
	if r := f.post("/subscribe/confirm", url.Values{"t": {tokenOf(both)}}); r.status != 200 || !strings.Contains(r.body, ", with its stories on Health &amp; Social Care.") {
		t.Errorf("POST the link of a reader with a sector left = %d\n%s", r.status, r.body)
	}
}

// TestUnsubscribeLinkOfARemovedReader: after `subscribers remove` (an
// erasure request), the link in a mail the reader already has names
// nobody. Following it, or a mail provider's one-click POST, was told
// "This link is incomplete or was not made by this site" (400): untrue of
// a link the site made, and a failure to a provider. It now answers 200
// that nothing more goes to the address, without a button.
func TestUnsubscribeLinkOfARemovedReader(t *testing.T) {
	f := newEmailFixture(t)
	ctx := context.Background()
	if _, err := f.store.ImportSubscribers(ctx, []store.ImportedSubscriber{{Address: "gone@example.org"}, {Address: "stays@example.org"}}); err != nil {
		t.Fatal(err)
	}
	f.publishNow("health")
	msgs := f.smtp.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d mails, want 2", len(msgs))
	}
	if msgs[0].To[0] != "gone@example.org" {
		msgs[0], msgs[1] = msgs[1], msgs[0]
	}
	h, _ := textOf(t, msgs[0])
	unsub := unsubLink.FindString(h.Get("List-Unsubscribe"))
	if unsub == "" {
		t.Fatalf("List-Unsubscribe = %q", h.Get("List-Unsubscribe"))
	}
	if _, err := f.store.RemoveSubscriber(ctx, "gone@example.org"); err != nil {
		t.Fatal(err)
	}
	const says = "Nothing more will be sent to the address this link was made for: it is no longer among the readers of Shared News."
	for name, r := range map[string]response{
		"GET":       f.get(local(unsub)),
		"one-click": f.post(local(unsub), url.Values{"List-Unsubscribe": {"One-Click"}}),
	} {
		if r.status != http.StatusOK || !strings.Contains(r.body, says) || strings.Contains(r.body, "not made by this site") ||
			strings.Contains(r.body, ">Unsubscribe</button>") {
			t.Errorf("%s of a removed reader's link = %d\n%s", name, r.status, r.body)
		}
	}
	// A reader's link with a signature this site did not make is still
	// refused as one. (A removed reader's key is gone with the address,
	// so a link naming a removed reader cannot be checked: whatever its
	// signature, it gets the answer above, which tells nothing of whom.)
	stays, _ := textOf(t, msgs[1])
	id := regexp.MustCompile(`t=u\.(\d+)\.`).FindStringSubmatch(stays.Get("List-Unsubscribe"))
	if id == nil {
		t.Fatalf("List-Unsubscribe = %q", stays.Get("List-Unsubscribe"))
	}
	if r := f.get("/unsubscribe?t=u." + id[1] + ".nope"); r.status != 400 || !strings.Contains(r.body, "was not made by this site") {
		t.Errorf("a forged link for a reader = %d\n%s", r.status, r.body)
	}
}

// TestUnsubscribedPageLinksToSubscribeAgain: "You are unsubscribed" said
// "Changed your mind? Subscribe again at https://…/subscribe." with the
// address as bare text, which a reader had to copy into the address bar;
// it is now a link that says where it goes, beside the page's others.
func TestUnsubscribedPageLinksToSubscribeAgain(t *testing.T) {
	f := newEmailFixture(t)
	if _, err := f.store.ImportSubscribers(context.Background(), []store.ImportedSubscriber{{Address: "leaves@example.org"}}); err != nil {
		t.Fatal(err)
	}
	f.publishNow("health")
	msgs := f.smtp.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d mails, want 1", len(msgs))
	}
	h, _ := textOf(t, msgs[0])
	unsub := unsubLink.FindString(h.Get("List-Unsubscribe"))
	if unsub == "" {
		t.Fatalf("List-Unsubscribe = %q", h.Get("List-Unsubscribe"))
	}
	const link = `<a href="` + publicURL + `/subscribe">Subscribe again</a>`
	for _, try := range []string{"first", "again"} {
		r := f.post(local(unsub), url.Values{"List-Unsubscribe": {"One-Click"}})
		if r.status != 200 || !strings.Contains(r.body, link) || strings.Contains(r.body, "at "+publicURL+"/subscribe") {
			t.Errorf("unsubscribing (%s) = %d, want a link %s and no bare address\n%s", try, r.status, link, r.body)
		}
	}
	// The link opened again later (from another edition's mail, or the
	// same one) said only "Not subscribed … there is nothing to do", with
	// no way back: it says the address is unsubscribed already, and offers
	// the sign-up form as the POST's page does.
	r := f.get(local(unsub))
	if want := "l***@example.org was already unsubscribed; nothing more will be sent to it."; r.status != 200 || !strings.Contains(r.body, want) ||
		!strings.Contains(r.body, link) || !strings.Contains(r.body, "<h1>You are unsubscribed</h1>") || strings.Contains(r.body, "Stop sending") {
		t.Errorf("the link opened after unsubscribing = %d, want %q, a link %s and no question\n%s", r.status, want, link, r.body)
	}
}

// TestRepeatedFieldsAreRefused: a sign-up form with two addresses signed
// up the first without a word, and a link with two tokens used the first;
// either may not be what the reader meant. Each is now a 400 page saying
// so, and nothing is sent or changed.
func TestRepeatedFieldsAreRefused(t *testing.T) {
	f := newEmailFixture(t)
	r := f.post("/subscribe", url.Values{"address": {"one@example.org", "two@example.org"}})
	if want := "The form sent more than one email address. Enter one address, such as name@example.org."; r.status != http.StatusBadRequest || !strings.Contains(r.body, want) {
		t.Errorf("two addresses: %d, want 400 saying %q\n%s", r.status, want, r.body)
	}
	if n := len(f.smtp.Messages()); n != 0 {
		t.Errorf("two addresses: %d mails sent, want none", n)
	}
	// A real sign-up, then its link with a second token.
	if r := f.post("/subscribe", url.Values{"address": {"one@example.org"}}); r.status != http.StatusOK {
		t.Fatalf("sign-up = %d\n%s", r.status, r.body)
	}
	_, text := textOf(t, f.smtp.Messages()[0])
	link := confirmLink.FindString(text)
	u, _ := url.Parse(link)
	token := u.Query().Get("t")
	for _, tc := range []struct {
		what string
		resp response
	}{
		{"GET with two tokens", f.get("/subscribe/confirm?t=" + token + "&t=other")},
		{"POST with two tokens", f.post("/subscribe/confirm", url.Values{"t": {token, "other"}})},
		{"unsubscribe POST with two tokens", f.post("/unsubscribe?t=x&t=y", url.Values{"List-Unsubscribe": {"One-Click"}})},
	} {
		if want := "This link carries more than one token, so it cannot be used: nothing was changed."; tc.resp.status != http.StatusBadRequest || !strings.Contains(tc.resp.body, want) {
			t.Errorf("%s: %d, want 400 saying %q\n%s", tc.what, tc.resp.status, want, tc.resp.body)
		}
	}
	// The link alone still works: nothing was used up.
	if r := f.post("/subscribe/confirm", url.Values{"t": {token}}); r.status != http.StatusOK || !strings.Contains(r.body, "You are subscribed") {
		t.Errorf("the link alone = %d\n%s", r.status, r.body)
	}
}

// TestSignUpWithAnInvisibleCharacter: an address pasted with a direction
// mark in it was refused as one "the mail server cannot send to … it takes
// no letters beyond A to Z", quoting back what reads as a good address.
// The form now says what is wrong, and nothing is sent.
func TestSignUpWithAnInvisibleCharacter(t *testing.T) {
	f := newEmailFixture(t)
	r := f.post("/subscribe", url.Values{"address": {"\u202ereader@example.org"}})
	if want := "” has an invisible character in it, perhaps pasted with it. Type the address again."; r.status != http.StatusBadRequest || !strings.Contains(r.body, want) {
		t.Errorf("POST /subscribe = %d, want 400 saying %q\n%s", r.status, want, r.body)
	}
	if n := len(f.smtp.Messages()); n != 0 {
		t.Errorf("%d mails sent", n)
	}
}

// TestSignUpToAMachinesAddress: an address at an IP address, bracketed
// or bare, names a machine, not a reader's mailbox: the confirmation mail
// would have the relay deliver straight to it (its own loopback, a host
// inside the network), for anyone who types one into the form. It is
// refused as not an address, and nothing is sent or kept.
func TestSignUpToAMachinesAddress(t *testing.T) {
	f := newEmailFixture(t)
	for i, address := range []string{"reader@[127.0.0.1]", "reader@127.0.0.1", "reader@10.0.0.5", "reader@0x7f.1"} {
		r := f.post("/subscribe", url.Values{"address": {address}}, "X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i+1))
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, "is not an email address") {
			t.Errorf("sign-up of %s = %d, want 400 saying it is not an email address\n%s", address, r.status, r.body)
		}
	}
	if n := len(f.smtp.Messages()); n != 0 {
		t.Errorf("%d confirmation mails sent to machines' addresses", n)
	}
	if all, _ := f.store.Subscribers(context.Background()); len(all) != 0 {
		t.Errorf("%d machines' addresses kept", len(all))
	}
}

// TestSignUpSentAsMultipart: a sign-up form copied into another page
// with enctype="multipart/form-data" (as form builders and pages with
// an upload write it) was read as an empty form, and the reader was told
// to "enter an address" they had entered. The form is read whichever way
// a browser encodes it, within the same size limit; a body of another
// type (a form with enctype="text/plain", JSON) is refused as such, 415,
// rather than read as empty.
func TestSignUpSentAsMultipart(t *testing.T) {
	f := newEmailFixture(t)
	var body strings.Builder
	mw := multipart.NewWriter(&body)
	for _, kv := range [][2]string{{"address", "reader@example.org"}, {"sector", "health"}, {"sector", "housing"}} {
		if err := mw.WriteField(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	r := f.postBody("/subscribe", body.String(), "Content-Type", mw.FormDataContentType())
	if r.status != http.StatusOK || !strings.Contains(r.body, "Check your inbox") {
		t.Fatalf("multipart sign-up = %d\n%s", r.status, r.body)
	}
	msgs := f.smtp.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != "reader@example.org" {
		t.Fatalf("%d mails after a multipart sign-up", len(msgs))
	}
	if _, text := textOf(t, msgs[0]); !strings.Contains(text, "Health & Social Care and Housing") {
		t.Errorf("the confirmation mail does not name the sectors chosen:\n%s", text)
	}

	// Too large, as a multipart body too: 413, nothing sent.
	var big strings.Builder
	mw = multipart.NewWriter(&big)
	_ = mw.WriteField("address", "other@example.org")
	_ = mw.WriteField("padding", strings.Repeat("x", maxFormBytes))
	_ = mw.Close()
	if r := f.postBody("/subscribe", big.String(), "Content-Type", mw.FormDataContentType()); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("a multipart form over the limit = %d, want 413\n%s", r.status, r.body)
	}
	for _, tc := range []struct{ contentType, body string }{
		{"text/plain", "address=other@example.org\r\n"},
		{"application/json", `{"address": "other@example.org"}`},
	} {
		r := f.postBody("/subscribe", tc.body, "Content-Type", tc.contentType)
		if want := "This form was sent as " + tc.contentType; r.status != http.StatusUnsupportedMediaType || !strings.Contains(r.body, want) {
			t.Errorf("a %s sign-up = %d, want 415 saying %q\n%s", tc.contentType, r.status, want, r.body)
		}
	}
	if n := len(f.smtp.Messages()); n != 1 {
		t.Errorf("%d mails, want only the first sign-up's", n)
	}
}

// TestSignUpWithADisplayName: "Jane Doe <jane@example.org>", as a mail
// client copies an address, signs up the address alone: it is what is
// stored and mailed, and the name is kept nowhere.
func TestSignUpWithADisplayName(t *testing.T) {
	f := newEmailFixture(t)
	for _, typed := range []string{`Jane Doe <jane@example.org>`, `"Doe, Ben" <ben@example.org>`} {
		if r := f.post("/subscribe", url.Values{"address": {typed}}); r.status != http.StatusOK || strings.Contains(r.body, "Doe") {
			t.Errorf("sign-up as %s = %d\n%s", typed, r.status, r.body)
		}
	}
	subs, err := f.store.Subscribers(t.Context())
	if err != nil || len(subs) != 2 || subs[0].Address != "jane@example.org" || subs[1].Address != "ben@example.org" {
		t.Fatalf("stored %+v (%v)", subs, err)
	}
	for i, m := range f.smtp.Messages() {
		h, text := textOf(t, m)
		if want := subs[i].Address; len(m.To) != 1 || m.To[0] != want || h.Get("To") != "<"+want+">" || strings.Contains(text, "Doe") {
			t.Errorf("mail %d to %v, To: %q, want %s alone\n%s", i, m.To, h.Get("To"), want, text)
		}
	}
}

// TestOneClickWithAnyBodyUnsubscribes: a one-click POST carries its token
// in the link, so the type of the body a mail provider sends with it
// ("List-Unsubscribe=One-Click" as text/plain, or no type at all) is not
// a reason to refuse it: the sign-up form's 415 for a body it cannot read
// left the reader subscribed. A body that is one of the forms is read as
// before, and its token counts (a link without one is still refused).
func TestOneClickWithAnyBodyUnsubscribes(t *testing.T) {
	f := newEmailFixture(t)
	ctx := context.Background()
	for _, a := range []string{"plain@example.org", "untyped@example.org"} {
		if r := f.post("/subscribe", url.Values{"address": {a}}); r.status != 200 {
			t.Fatalf("sign-up = %d", r.status)
		}
	}
	for _, m := range f.smtp.Messages() {
		_, text := textOf(t, m)
		if r := f.post("/subscribe/confirm", url.Values{"t": {tokenOf(local(confirmLink.FindString(text)))}}); r.status != 200 {
			t.Fatalf("confirm = %d", r.status)
		}
	}
	f.publishNow("health")
	for _, m := range f.smtp.Messages()[2:] {
		h, _ := textOf(t, m)
		unsub := local(unsubLink.FindString(h.Get("List-Unsubscribe")))
		var headers []string
		if m.To[0] == "plain@example.org" {
			headers = []string{"Content-Type", "text/plain"}
		}
		if r := f.postBody(unsub, "List-Unsubscribe=One-Click", headers...); r.status != 200 || !strings.Contains(r.body, "is unsubscribed") {
			t.Errorf("one-click POST for %s with %q = %d\n%s", m.To[0], headers, r.status, r.body)
		}
		if sub, _ := f.store.SubscriberByAddress(ctx, m.To[0]); sub.State != store.SubscriberUnsubscribed {
			t.Errorf("after the one-click POST %s is %s", m.To[0], sub.State)
		}
	}
	if r := f.postBody("/unsubscribe", "t=x", "Content-Type", "text/plain"); r.status != http.StatusUnsupportedMediaType {
		t.Errorf("a form without its token in the link, as text/plain = %d, want 415", r.status)
	}
}

// TestConfirmationLinkOfARemovedSignUp: a sign-up removed before it was
// confirmed (`subscribers remove`, an erasure request) left its link
// saying "This confirmation link was already used, or a newer one
// replaced it", neither of which happened. It now says the sign-up was
// removed, that nothing changed, and offers the sign-up form.
func TestConfirmationLinkOfARemovedSignUp(t *testing.T) {
	f := newEmailFixture(t)
	ctx := context.Background()
	if r := f.post("/subscribe", url.Values{"address": {"Changed.Mind@example.org"}}); r.status != 200 {
		t.Fatalf("sign-up = %d\n%s", r.status, r.body)
	}
	msgs := f.smtp.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d confirmation mails, want 1", len(msgs))
	}
	_, text := textOf(t, msgs[0])
	link := confirmLink.FindString(text)
	if link == "" {
		t.Fatalf("no confirmation link in:\n%s", text)
	}
	if _, err := f.store.RemoveSubscriber(ctx, "changed.mind@example.org"); err != nil {
		t.Fatal(err)
	}
	const says = "This sign-up was removed from the list, so its link no longer works: nothing was changed. Sign up again to get a new link."
	const signUp = `<a href="` + publicURL + `/subscribe">Sign up</a>`
	for name, r := range map[string]response{
		"GET":  f.get(local(link)),
		"POST": f.post("/subscribe/confirm", url.Values{"t": {tokenOf(link)}}),
	} {
		if r.status != http.StatusGone || !strings.Contains(r.body, says) || !strings.Contains(r.body, signUp) || strings.Contains(r.body, "already used") {
			t.Errorf("%s the link of a removed sign-up = %d, want 410 saying %q with %s\n%s", name, r.status, says, signUp, r.body)
		}
	}
	if _, err := f.store.SubscriberByAddress(ctx, "changed.mind@example.org"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after the link of a removed sign-up: %v, want the address still absent", err)
	}
}
