package web

import (
	"context"
	"errors"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/email"
)

// EmailList is what the sign-up pages need of the email edition;
// *email.Service is one.
type EmailList interface {
	SignUp(ctx context.Context, address string, sectors []string, client string) error
	CheckConfirmation(ctx context.Context, token string) (email.Confirmed, error)
	Confirm(ctx context.Context, token string) (email.Confirmed, error)
	UnsubscribeLinks
}

// UnsubscribeLinks answers the unsubscribe links of mails sent; *email.Links
// is one, for when the email edition is off.
type UnsubscribeLinks interface {
	CheckUnsubscribe(ctx context.Context, token string) (email.Unsubscribed, error)
	Unsubscribe(ctx context.Context, token string) (email.Unsubscribed, error)
}

// maxFormBytes bounds a sign-up or button form's body.
const maxFormBytes = 8 << 10

// emailRoutes are the pages of the email edition: the sign-up form
// (double opt-in), the confirmation link and the unsubscribe link. A GET
// of a link shows a button and changes nothing, so a mail scanner that
// follows links confirms and unsubscribes no one; the button POSTs. The
// unsubscribe POST is also RFC 8058's one-click unsubscribe, which mail
// providers send without a browser: it needs no cookie and answers 200.
func (a *Archive) emailRoutes() []route {
	var routes []route
	if a.email != nil {
		routes = append(routes, []route{
			{"GET /subscribe", a.subscribeForm, false},
			{"POST /subscribe", a.subscribe, false},
			{"GET " + signedUpPath, a.signedUp, false},
			{"GET /subscribe/confirm", a.confirmPage, false},
			{"POST /subscribe/confirm", a.confirm, false},
		}...)
	}
	// With the email edition off as well: mails already sent carry the
	// link, which never expires.
	if a.unsub != nil {
		routes = append(routes, []route{
			{"GET /unsubscribe", a.unsubscribePage, false},
			{"POST /unsubscribe", a.unsubscribe, false},
		}...)
	}
	return routes
}

type subscribeView struct {
	Heading, Lede, Problem string
	// AddressProblem and SectorProblem say which part of the form the
	// Problem is about: that control is marked invalid and described by
	// it, so a screen reader on the field hears what is wrong with it.
	AddressProblem, SectorProblem bool
	Action, Address               string
	Sectors                       []sectorChoice
}

type sectorChoice struct {
	Slug, Name string
	Checked    bool
}

type actionView struct {
	Heading, Text, Action, Token, Button string
}

func (a *Archive) subscribeView(address string, chosen []string, problem string) subscribeView {
	v := subscribeView{Heading: "Get " + a.name + " by email", Action: a.link("/subscribe", nil), Address: address, Problem: problem,
		Lede: "Each weekly edition in your inbox, the same as on this site. Choose sectors to receive only their stories."}
	for _, s := range a.sectors {
		c := sectorChoice{Slug: s.Slug, Name: digest.OneLine(s.Name)}
		for _, slug := range chosen {
			c.Checked = c.Checked || slug == s.Slug
		}
		v.Sectors = append(v.Sectors, c)
	}
	return v
}

// addressProblem is the form shown again with a problem about the address.
func (a *Archive) addressProblem(address string, chosen []string, problem string) subscribeView {
	v := a.subscribeView(address, chosen, problem)
	v.AddressProblem = true
	return v
}

func (a *Archive) subscribeForm(w http.ResponseWriter, r *http.Request) {
	a.dynamicPage(w, r, http.StatusOK, a.pages.subscribe, layout{Site: a.site, Title: "Subscribe by email · " + a.name,
		Canonical: a.link("/subscribe", nil), OGType: "website", OGTitle: "Get " + a.name + " by email"}, a.subscribeView("", nil, ""))
}

// subscribe takes the form. Whatever the address's standing (new, pending,
// subscribed, unsubscribed), the answer is the same page.
func (a *Archive) subscribe(w http.ResponseWriter, r *http.Request) {
	if !a.fromThisSite(w, r) || !a.readForm(w, r) {
		return
	}
	if len(r.PostForm["address"]) > 1 {
		// Taking one of them (the first, as Get does) could sign up an
		// address the reader did not mean: a form a page or script built
		// wrong, or one tampered with. Ask for one.
		v := a.addressProblem("", nil, "The form sent more than one email address. Enter one address, such as name@example.org.")
		a.dynamicPage(w, r, http.StatusBadRequest, a.pages.subscribe, layout{Site: a.site, Title: "Error: Subscribe by email · " + a.name, NoIndex: true}, v)
		return
	}
	address := strings.TrimSpace(r.PostForm.Get("address"))
	var chosen, unknown []string
	for _, slug := range r.PostForm["sector"] {
		switch _, ok := a.sectors.Lookup(slug); {
		case slug == "" || slices.Contains(chosen, slug):
		case ok:
			chosen = append(chosen, slug)
		default:
			unknown = append(unknown, slug)
		}
	}
	// The form shown again with a problem is titled "Error: …" (as GOV.UK's
	// forms are), and an answer by its heading (answer): the title is what
	// a screen reader reads first, and the same title for every outcome
	// said nothing of what happened.
	l := layout{Site: a.site, Title: "Error: Subscribe by email · " + a.name, NoIndex: true}
	if len(unknown) > 0 {
		// Dropping it would subscribe a reader who chose only that sector
		// to every sector: the form shows what there is to choose.
		v := a.subscribeView(clip(address, 254), chosen, "“"+clip(digest.OneLine(unknown[0]), 40)+"” is not one of the sectors. Choose from the list below.")
		v.SectorProblem = true
		a.dynamicPage(w, r, http.StatusBadRequest, a.pages.subscribe, l, v)
		return
	}
	err := a.email.SignUp(r.Context(), address, chosen, clientIP(r))
	switch {
	case err == nil:
		// The answer is a page of its own, the form's POST redirected
		// to it (303): as the answer to the POST itself, Back and then
		// Forward showed the browser's "Confirm Form Resubmission"
		// error (the answer is no-store), and Reload offered to send
		// the form again, and a second mail with it.
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, a.link(signedUpPath, nil), http.StatusSeeOther)
	case errors.Is(err, email.ErrBadAddress) && address == "":
		// Sent empty (the form's "required" is only a browser's check):
		// quoting nothing back reads as a fault of the page.
		a.dynamicPage(w, r, http.StatusBadRequest, a.pages.subscribe, l,
			a.addressProblem("", chosen, "Enter your email address, such as name@example.org."))
	case errors.Is(err, email.ErrInvisibleCharacter):
		// Quoted back, the address reads as a good one: say what is wrong.
		a.dynamicPage(w, r, http.StatusBadRequest, a.pages.subscribe, l,
			a.addressProblem("", chosen, "“"+clip(digest.OneLine(address), 60)+"” has an invisible character in it, perhaps pasted with it. Type the address again."))
	case errors.Is(err, email.ErrBadAddress):
		a.dynamicPage(w, r, http.StatusBadRequest, a.pages.subscribe, l,
			a.addressProblem(clip(address, 254), chosen, "“"+clip(digest.OneLine(address), 60)+"” is not an email address. Type one such as name@example.org."))
	case errors.Is(err, email.ErrAddressRefused):
		// The server's answer said nothing of who reads the newsletter,
		// only that the mailbox takes no mail: trying later cannot help.
		a.dynamicPage(w, r, http.StatusBadRequest, a.pages.subscribe, l,
			a.addressProblem(clip(address, 254), chosen, "Mail to “"+clip(digest.OneLine(address), 60)+"” was refused: check that the address is typed correctly."))
	case errors.Is(err, email.ErrAddressUnsupported):
		a.dynamicPage(w, r, http.StatusBadRequest, a.pages.subscribe, l,
			a.addressProblem(clip(address, 254), chosen, "This newsletter's mail server cannot send to “"+clip(digest.OneLine(address), 60)+
				"”: it takes no letters beyond A to Z before the @. Please use another address."))
	case errors.Is(err, email.ErrTooManySignUps):
		w.Header().Set("Retry-After", "3600")
		a.answer(w, r, http.StatusTooManyRequests, message{Heading: "Please try again later",
			Text: "There have been too many sign-ups from your network in the last hour. Please try again in an hour.", Links: a.wayBack()})
	case errors.Is(err, email.ErrNotSending):
		a.answer(w, r, http.StatusServiceUnavailable, message{Heading: "Please try again later",
			Text: "The confirmation mail could not be sent just now. Please try again in a few minutes.", Links: a.wayBack()})
	default:
		a.serverError(w, r, "sign up", err)
	}
}

// signedUpPath is where a sign-up the form sent leads: the same page
// whatever the address's standing, and whoever asks for it.
const signedUpPath = "/subscribe/sent"

// signedUp is the answer to a sign-up, as the form's POST redirects to it.
// It names no address: it says what happens to any address signed up.
func (a *Archive) signedUp(w http.ResponseWriter, r *http.Request) {
	a.answer(w, r, http.StatusOK, message{Heading: "Check your inbox",
		Text: "If the address can receive mail, a message to confirm your subscription is on its way. Follow its link within 7 days; " +
			"until then nothing else is sent to it. If this address is subscribed already, the message says so: confirming it changes the sectors " +
			"to the ones chosen here, and ignoring it keeps them.", Links: a.wayBack()})
}

func (a *Archive) confirmPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("t")
	c, ok := useLink(a, w, r, "Confirm your subscription", a.email.CheckConfirmation)
	if !ok {
		return
	}
	a.dynamicPage(w, r, http.StatusOK, a.pages.action, layout{Site: a.site, Title: "Confirm your subscription · " + a.name, NoIndex: true},
		actionView{Heading: "Confirm your subscription", Text: "Confirm that " + c.Address + " should receive " + a.name + " by email (" +
			a.sectorsInWords(c.Sectors) + ").", Action: a.link("/subscribe/confirm", nil), Token: token, Button: "Confirm"})
}

func (a *Archive) confirm(w http.ResponseWriter, r *http.Request) {
	if !a.fromThisSite(w, r) {
		return
	}
	c, ok := useLink(a, w, r, "Confirm your subscription", a.email.Confirm)
	if !ok {
		return
	}
	a.dynamicPage(w, r, http.StatusOK, a.pages.message, layout{Site: a.site, Title: "Subscribed · " + a.name, NoIndex: true},
		message{Heading: "You are subscribed", Text: c.Address + " will receive every edition of " + a.name + a.withStoriesOf(c.Sectors) +
			". Each one carries a link to unsubscribe in one click.", Links: a.wayBack()})
}

func (a *Archive) unsubscribePage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("t")
	u, ok := useLink(a, w, r, unsubscribeHeading, a.unsub.CheckUnsubscribe)
	if !ok {
		return
	}
	if !u.Was {
		// Opened again after unsubscribing (this edition's mail or
		// another's): the page the button leads to, with its way back.
		a.unsubscribed(w, r, u)
		return
	}
	l := layout{Site: a.site, Title: "Unsubscribe · " + a.name, NoIndex: true}
	a.dynamicPage(w, r, http.StatusOK, a.pages.action, l, actionView{Heading: "Unsubscribe",
		Text: "Stop sending " + a.name + " to " + u.Address + "?", Action: a.link("/unsubscribe", url.Values{"t": {token}}),
		Token: token, Button: "Unsubscribe"})
}

// unsubscribe is the button's POST and RFC 8058's one-click POST (body
// "List-Unsubscribe=One-Click", the token in the address).
func (a *Archive) unsubscribe(w http.ResponseWriter, r *http.Request) {
	u, ok := useLink(a, w, r, unsubscribeHeading, a.unsub.Unsubscribe)
	if !ok {
		return
	}
	a.unsubscribed(w, r, u)
}

// unsubscribed says that u's address is unsubscribed, just now or already
// (u.Was false), and offers the sign-up form to a reader who changed
// their mind.
func (a *Archive) unsubscribed(w http.ResponseWriter, r *http.Request, u email.Unsubscribed) {
	text := u.Address + " is unsubscribed: no more editions of " + a.name + " will be sent to it, including any not yet sent."
	if !u.Was {
		text = u.Address + " was already unsubscribed; nothing more will be sent to it."
	}
	links := a.wayBack()
	if a.email != nil {
		// A link, not the address written out in the sentence: a reader
		// who changes their mind follows it rather than copying it.
		text += " Changed your mind? You can subscribe again at any time."
		links = append([]textLink{{URL: a.link("/subscribe", nil), Text: "Subscribe again"}}, links...)
	}
	a.dynamicPage(w, r, http.StatusOK, a.pages.message, layout{Site: a.site, Title: "Unsubscribed · " + a.name, NoIndex: true},
		message{Heading: "You are unsubscribed", Text: text, Links: links})
}

// fromThisSite answers a form that a browser says came from a page of
// another site (Sec-Fetch-Site, or Origin in a browser too old for it)
// with 403, and returns false. Such a page could make each visitor's
// browser sign up an address of its choosing: from as many networks as
// it had visitors, past the limit of sign-ups per network, so that the
// newsletter's mail server sent confirmation mail wherever it chose. A
// request with neither header is no browser's, and no visitor's browser
// can be made to send it; it is served as before. The unsubscribe POST is
// not asked: a mail provider's one-click POST (RFC 8058) comes from
// another site by design, and its token alone says which reader.
func (a *Archive) fromThisSite(w http.ResponseWriter, r *http.Request) bool {
	if err := a.crossOrigin.Check(r); err != nil {
		a.dynamicPage(w, r, http.StatusForbidden, a.pages.message, layout{Site: a.site, Title: "Refused: form from another site · " + a.name, NoIndex: true},
			message{Heading: "This form came from another site", Text: "Your browser says this form was sent from a page of another site, " +
				"not from " + a.name + "’s own, so it was refused and nothing was changed. To subscribe, use the form on this site.",
				Links: append([]textLink{{URL: a.link("/subscribe", nil), Text: "Subscribe by email"}}, a.wayBack()...)})
		return false
	}
	return true
}

// formToken is the link's token: in the address (one-click) or the form.
func formToken(r *http.Request) string {
	if t := r.URL.Query().Get("t"); t != "" {
		return t
	}
	return r.PostForm.Get("t")
}

// useLink runs do with the link's token (formToken: a POST's form is read
// first). When the form or the link cannot be used, it answers with why
// (readForm; linkProblem, under heading) and returns false.
func useLink[T any](a *Archive, w http.ResponseWriter, r *http.Request, heading string, do func(context.Context, string) (T, error)) (T, bool) {
	var zero T
	// A link that carries its token (a one-click unsubscribe, RFC 8058)
	// needs no form: a body of a type no form has, which some mail
	// provider may send with it, is not a reason to refuse the reader.
	oneClick := r.URL.Query().Has("t") && !isFormBody(r)
	if r.Method == http.MethodPost && !oneClick && !a.readForm(w, r) {
		return zero, false
	}
	if len(r.URL.Query()["t"]) > 1 || len(r.PostForm["t"]) > 1 {
		// One link is one token: which of two was meant cannot be told,
		// and acting on either could confirm or unsubscribe the wrong one.
		a.answer(w, r, http.StatusBadRequest, message{Heading: heading, Text: "This link carries more than one token, so it cannot be used: nothing was changed. " +
			"Copy the whole link from the mail, exactly as it is.", Links: a.latestEdition()})
		return zero, false
	}
	v, err := do(r.Context(), formToken(r))
	if err != nil {
		a.linkProblem(w, r, heading, err)
		return zero, false
	}
	return v, true
}

// unsubscribeHeading heads the unsubscribe pages, and tells linkProblem an
// unsubscribe link from a confirmation link.
const unsubscribeHeading = "Unsubscribe"

// linkProblem answers a confirmation or unsubscribe link that cannot be used.
func (a *Archive) linkProblem(w http.ResponseWriter, r *http.Request, heading string, err error) {
	var text string
	status := http.StatusBadRequest
	switch {
	case errors.Is(err, email.ErrExpiredToken):
		text = "This confirmation link has expired: links work for 7 days. Sign up again to get a new one."
		status = http.StatusGone
	case errors.Is(err, email.ErrUsedToken):
		text = "This confirmation link was already used, or a newer one replaced it. If you are not receiving the editions, sign up again."
		status = http.StatusGone
	case errors.Is(err, email.ErrSignUpGone):
		text = "This sign-up was removed from the list, so its link no longer works: nothing was changed. Sign up again to get a new link."
		status = http.StatusGone
	case errors.Is(err, email.ErrSectorsGone):
		text = "The sectors you chose when you signed up are no longer offered, so this link cannot be used: nothing was changed. Sign up again to choose from today’s sectors."
		status = http.StatusGone
	case errors.Is(err, email.ErrNoReader):
		// The reader was removed (an erasure request) after this mail went:
		// what they came to do is done. A 200, as for a reader already
		// unsubscribed, so that a mail provider's one-click POST succeeds;
		// the answer names nobody, as the link can no longer be checked.
		a.answer(w, r, http.StatusOK, message{Heading: heading, Text: "Nothing more will be sent to the address this link was made for: it is no longer among the readers of " +
			a.name + ".", Links: a.latestEdition()})
		return
	case errors.Is(err, email.ErrBadToken) && heading == unsubscribeHeading:
		// A reader who wants no more mail is not sent to sign up: the
		// link of any other edition unsubscribes the address as well.
		text = "This link is incomplete or was not made by this site. Copy the whole link from the mail, or use the unsubscribe link in another edition you received."
		a.answer(w, r, status, message{Heading: heading, Text: text, Links: a.latestEdition()})
		return
	case errors.Is(err, email.ErrBadToken):
		text = "This link is incomplete or was not made by this site. Copy the whole link from the mail, or sign up again."
	default:
		a.serverError(w, r, strings.ToLower(heading), err)
		return
	}
	links := a.latestEdition()
	if a.email != nil {
		links = append([]textLink{{URL: a.link("/subscribe", nil), Text: "Sign up"}}, links...)
	}
	a.answer(w, r, status, message{Heading: heading, Text: text, Links: links})
}

func (a *Archive) sectorsInWords(slugs []string) string {
	if len(slugs) == 0 {
		return "every sector"
	}
	names := make([]string, len(slugs))
	for i, s := range slugs {
		names[i] = a.sectorName(s)
	}
	return bot.ListWords(names)
}

// withStoriesOf says which stories of an edition a reader who chose
// sectors receives, after "every edition of …": every edition comes, with
// the stories of those sectors ("every edition (Health)" read as a
// contradiction); nothing when the reader chose every sector.
func (a *Archive) withStoriesOf(slugs []string) string {
	if len(slugs) == 0 {
		return ""
	}
	return ", with its stories on " + a.sectorsInWords(slugs)
}

// answer shows a sign-up or link page's message, titled by its heading,
// and keeps it out of search engines.
func (a *Archive) answer(w http.ResponseWriter, r *http.Request, status int, m message) {
	a.dynamicPage(w, r, status, a.pages.message, layout{Site: a.site, Title: m.Heading + " · " + a.name, NoIndex: true}, m)
}

// urlEncoded is the type of a form a browser sends by default.
const urlEncoded = "application/x-www-form-urlencoded"

// formType is the media type of r's body, without its parameters.
func formType(r *http.Request) string {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct
}

// isFormBody reports whether r's body is one of the forms readForm reads.
func isFormBody(r *http.Request) bool {
	ct := formType(r)
	return ct == urlEncoded || ct == "multipart/form-data"
}

// readForm parses a small form body, or answers 400/413/415 and returns
// false. A browser sends a form URL-encoded, or as multipart/form-data
// when the form says enctype="multipart/form-data" (a form builder's, or
// one copied into a page with an upload): both are read, within
// maxFormBytes. A body of any other type (enctype="text/plain", JSON) is
// refused as such: read as an empty form, it told a reader who had typed
// an address to enter one. A POST without a body (a one-click unsubscribe
// whose token is in the link) has no form to read.
func (a *Archive) readForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	var err error
	switch ct := formType(r); {
	case ct == "multipart/form-data":
		// Its files too are held in memory, the body being this small;
		// the form has none, and they are dropped at once.
		err = r.ParseMultipartForm(maxFormBytes)
		if r.MultipartForm != nil {
			_ = r.MultipartForm.RemoveAll()
		}
	case ct == urlEncoded || r.ContentLength == 0:
		err = r.ParseForm()
	default:
		sent := "without a type"
		if t := strings.TrimSpace(r.Header.Get("Content-Type")); t != "" {
			sent = "as " + clip(t, 60)
		}
		a.answer(w, r, http.StatusUnsupportedMediaType, message{Heading: "Unsupported form",
			Text: "This form was sent " + sent + ", which this site does not read: nothing was changed. " +
				"Send it from the site’s own page, or as application/x-www-form-urlencoded or multipart/form-data.", Links: a.wayBack()})
		return false
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		status, heading, text := http.StatusBadRequest, "Bad request", "The form could not be read."
		if errors.As(err, &tooBig) {
			status, heading, text = http.StatusRequestEntityTooLarge, "Too large", "The form is too long."
		}
		a.answer(w, r, status, message{Heading: heading, Text: text, Links: a.wayBack()})
		return false
	}
	return true
}

// clientIP is the address the request came from, for the sign-up limit.
// Behind a reverse proxy on this machine or a private network (the
// README's set-up), that is the proxy's: then the last address the proxy
// added to X-Forwarded-For is the reader's. Further entries could be
// forged by the client and are ignored.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !(peer.IsLoopback() || peer.IsPrivate()) {
		return host
	}
	xff := r.Header.Values("X-Forwarded-For")
	if len(xff) == 0 {
		return host
	}
	list := strings.Split(xff[len(xff)-1], ",")
	if fwd, err := netip.ParseAddr(strings.TrimSpace(list[len(list)-1])); err == nil {
		return fwd.String()
	}
	return host
}
