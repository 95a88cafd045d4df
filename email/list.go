package email

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/sharednews/sharednews/store"
)

// The sign-up list: double opt-in from the web archive's /subscribe form,
// confirmation and unsubscribe links.

// Limits on the sign-up form. Per client (IP address, or IPv6 /64): thirty
// sign-ups an hour, enough for a council's staff, who reach the web through
// one shared address, signing up together after a team meeting, and still
// a bound on one machine working through a list. Per address: a few
// confirmation mails a day, whoever asks, so that the form cannot be used
// to flood someone's inbox; past it the form answers the same and sends
// nothing.
const (
	signUpsPerClient  = 30
	signUpWindow      = time.Hour
	confirmsPerWindow = 3
	confirmWindow     = 24 * time.Hour
)

// ErrTooManySignUps says a client has used the form too often lately.
var ErrTooManySignUps = errors.New("too many sign-ups from this network")

// ErrUsedToken says a confirmation link was already used (or replaced by
// a later sign-up's).
var ErrUsedToken = errors.New("the link was already used")

// ErrSignUpGone says a confirmation link names a sign-up no longer on the
// list: removed (`subscribers remove`), or forgotten unconfirmed. The
// link was not used, so "already used" would send the reader looking for
// a mail that never came.
var ErrSignUpGone = errors.New("the sign-up is no longer on the list")

// ErrSectorsGone says every sector a confirmation link chose has been
// taken out of the configuration since: confirming would subscribe the
// reader to every sector, which they did not ask for.
var ErrSectorsGone = errors.New("the sectors chosen at sign-up are no longer offered")

// ErrNotSending says the confirmation mail could not be sent just now.
var ErrNotSending = errors.New("the confirmation mail could not be sent")

// ErrAddressUnsupported says the mail server cannot take the address: its
// mailbox has letters beyond ASCII and the server does not offer SMTPUTF8.
var ErrAddressUnsupported = errors.New("the mail server cannot take the address")

// ErrAddressRefused says the mail server refused the address for good (a
// 5xx answer to the recipient, such as "no such user"): trying again
// cannot help; the reader may have mistyped it.
var ErrAddressRefused = errors.New("the mail server refused the address")

// SignUp records a sign-up from the form and mails a confirmation link.
// The outcome is the same whether or not the address is already subscribed
// (no enumeration): nil, or ErrBadAddress, ErrTooManySignUps, ErrNotSending,
// ErrAddressRefused, ErrAddressUnsupported.
// client is the reader's IP address, for the per-client limit. A bad
// address changes nothing.
func (s *Service) SignUp(ctx context.Context, address string, sectors []string, client string) error {
	addr, err := ParseAddress(address)
	if err != nil {
		return err
	}
	for _, slug := range sectors {
		if _, ok := s.sectors.Lookup(slug); !ok {
			return fmt.Errorf("sign up: unknown sector %q", slug)
		}
	}
	if !s.signups.allow(client, s.now()) {
		return ErrTooManySignUps
	}
	if addr, err = StoredAddress(ctx, s.store, addr); err != nil {
		return fmt.Errorf("sign up: %w", err)
	}
	if n, err := s.store.ForgetUnconfirmed(ctx, s.now().Add(-ConfirmValidity)); err != nil {
		s.log.WarnContext(ctx, "forget unconfirmed sign-ups", "err", err)
	} else if n > 0 {
		s.log.InfoContext(ctx, "forgot unconfirmed sign-ups", "count", n)
	}
	res, err := s.store.RecordSignUp(ctx, store.SignUp{Address: addr, Window: confirmWindow, PerWindow: confirmsPerWindow})
	if err != nil {
		return err
	}
	log := s.log.With("subscriber", res.Subscriber.ID, "address", Mask(addr))
	if !res.Send {
		log.InfoContext(ctx, "sign-up: confirmation mails to this address are at their daily limit; none sent")
		return nil
	}
	sectors = s.inOrder(sectors) // each is configured (above)
	now := s.now()
	token := s.sign.confirmToken(Confirmation{Subscriber: res.Subscriber.ID, Nonce: res.Subscriber.ConfirmNonce, Sectors: sectors, Issued: now})
	var current *[]string // the sectors of a reader subscribed already
	if res.Subscriber.State == store.SubscriberConfirmed {
		names := s.sectorNames(res.Subscriber.Sectors)
		current = &names
	}
	m, err := s.id.confirmationMsg(res.Subscriber.Address, s.id.base+"/subscribe/confirm?t="+token, s.sectorNames(sectors), current,
		repeatNote(res, s.loc), now.Add(ConfirmValidity).In(s.loc))
	if err != nil {
		return err
	}
	if err := s.sender.Send(ctx, m, nil); err != nil {
		log.ErrorContext(ctx, "send the confirmation mail", "err", scrub(err.Error(), addr))
		if err := s.store.ConfirmationUnsent(ctx, res.Subscriber.ID); err != nil {
			log.WarnContext(ctx, "count the unsent confirmation mail back", "err", err)
		}
		var rej *Rejection
		var refused error
		switch {
		case errors.As(err, &rej) && rej.AddressRefused():
			refused = ErrAddressRefused
		case errors.Is(err, ErrNeedsSMTPUTF8):
			refused = ErrAddressUnsupported // trying later cannot help either
		default:
			return ErrNotSending
		}
		// The form asks for another address: this one stays neither in
		// /shared status's count of readers awaiting confirmation nor in
		// the data owner's export.
		if _, err := s.store.ForgetRefusedSignUp(ctx, res.Subscriber.ID); err != nil {
			log.WarnContext(ctx, "forget the refused sign-up", "err", err)
		}
		return refused
	}
	log.InfoContext(ctx, "confirmation mail sent")
	return nil
}

// Confirmed is what a confirmation link did or would do.
type Confirmed struct {
	Address string // masked
	Sectors []string
}

// CheckConfirmation reads a confirmation link without using it (the page
// a browser opens shows a button, so that a mail scanner following links
// confirms nothing): ErrBadToken, ErrExpiredToken, ErrSignUpGone or
// ErrUsedToken when it cannot be used.
func (s *Service) CheckConfirmation(ctx context.Context, token string) (Confirmed, error) {
	c, sub, err := s.confirmation(ctx, token)
	if err != nil {
		return Confirmed{}, err
	}
	if sub.ConfirmNonce == "" || sub.ConfirmNonce != c.Nonce {
		return Confirmed{}, ErrUsedToken
	}
	sectors, err := s.offered(c.Sectors)
	if err != nil {
		return Confirmed{}, err
	}
	return Confirmed{Address: Mask(sub.Address), Sectors: sectors}, nil
}

// offered is the sectors of chosen still in the configuration; a sector
// since removed is dropped, and ErrSectorsGone says none is left of a
// choice (no choice at all is every sector, and stays so).
func (s *Service) offered(chosen []string) ([]string, error) {
	// In the configured order, as SignUp puts them: a link mailed
	// before it did shows them as the mail listed them.
	sectors := s.inOrder(chosen)
	if len(chosen) > 0 && len(sectors) == 0 {
		return nil, ErrSectorsGone
	}
	return sectors, nil
}

// Confirm uses a confirmation link: the reader is subscribed, with the
// sectors chosen on the form.
func (s *Service) Confirm(ctx context.Context, token string) (Confirmed, error) {
	c, sub, err := s.confirmation(ctx, token)
	if err != nil {
		return Confirmed{}, err
	}
	sectors, err := s.offered(c.Sectors)
	if err != nil {
		return Confirmed{}, err
	}
	confirmed, err := s.store.ConfirmSubscriber(ctx, sub.ID, c.Nonce, sectors)
	if errors.Is(err, store.ErrNotFound) {
		return Confirmed{}, ErrUsedToken
	}
	if err != nil {
		return Confirmed{}, err
	}
	s.log.InfoContext(ctx, "subscriber confirmed", "subscriber", sub.ID, "address", Mask(sub.Address))
	return Confirmed{Address: Mask(confirmed.Address), Sectors: confirmed.Sectors}, nil
}

func (s *Service) confirmation(ctx context.Context, token string) (Confirmation, store.Subscriber, error) {
	c, err := s.sign.parseConfirm(token, s.now())
	if err != nil {
		return Confirmation{}, store.Subscriber{}, err
	}
	sub, err := s.store.Subscriber(ctx, c.Subscriber)
	if errors.Is(err, store.ErrNotFound) {
		return Confirmation{}, store.Subscriber{}, ErrSignUpGone
	}
	return c, sub, err
}

// Unsubscribed is what an unsubscribe link did or would do.
type Unsubscribed struct {
	Address string // masked
	// Was says the address was receiving mail (or about to); false when
	// it had already left.
	Was bool
}

// CheckUnsubscribe reads an unsubscribe link without using it.
func (s *Service) CheckUnsubscribe(ctx context.Context, token string) (Unsubscribed, error) {
	return s.links.CheckUnsubscribe(ctx, token)
}

// Unsubscribe uses an unsubscribe link; see Links.Unsubscribe.
func (s *Service) Unsubscribe(ctx context.Context, token string) (Unsubscribed, error) {
	return s.links.Unsubscribe(ctx, token)
}

// Links answers the unsubscribe links of mails already sent. It needs no
// mail server, so the web archive serves them with the email edition off
// too: a link never expires, and one followed (or POSTed by a mail
// provider) after email.enabled was turned off must still unsubscribe,
// or the reader is mailed again when it is turned back on.
type Links struct {
	store *store.Store
	sign  signer
	log   *slog.Logger
}

// NewLinks makes the unsubscribe links' side of the email edition. ctx
// bounds reading the signing secret.
func NewLinks(ctx context.Context, st *store.Store, logger *slog.Logger) (*Links, error) {
	key, err := st.EmailSecret(ctx)
	if err != nil {
		return nil, fmt.Errorf("email: %w", err)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Links{store: st, sign: signer{key: key}, log: logger}, nil
}

// CheckUnsubscribe reads an unsubscribe link without using it.
func (l *Links) CheckUnsubscribe(ctx context.Context, token string) (Unsubscribed, error) {
	sub, err := l.unsubscriber(ctx, token)
	if err != nil {
		return Unsubscribed{}, err
	}
	return Unsubscribed{Address: Mask(sub.Address), Was: sub.State == store.SubscriberConfirmed || sub.State == store.SubscriberPending}, nil
}

// Unsubscribe uses an unsubscribe link (RFC 8058's one-click POST, or the
// page's button): no more mail goes to the address, including editions
// already queued for it. Using it again changes nothing.
func (l *Links) Unsubscribe(ctx context.Context, token string) (Unsubscribed, error) {
	sub, err := l.unsubscriber(ctx, token)
	if err != nil {
		return Unsubscribed{}, err
	}
	was, err := l.store.UnsubscribeSubscriber(ctx, sub.ID)
	if errors.Is(err, store.ErrNotFound) {
		return Unsubscribed{Address: Mask(sub.Address)}, nil
	}
	if err != nil {
		return Unsubscribed{}, err
	}
	if was {
		l.log.InfoContext(ctx, "subscriber unsubscribed", "subscriber", sub.ID, "address", Mask(sub.Address))
	}
	return Unsubscribed{Address: Mask(sub.Address), Was: was}, nil
}

func (l *Links) unsubscriber(ctx context.Context, token string) (store.Subscriber, error) {
	id, sig, err := unsubscribeID(token)
	if err != nil {
		return store.Subscriber{}, err
	}
	sub, err := l.store.Subscriber(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Subscriber{}, ErrNoReader // removed: the link names nobody now
	}
	if err != nil {
		return store.Subscriber{}, err
	}
	if !l.sign.checkUnsubscribe(id, sub.UnsubscribeKey, sig) {
		return store.Subscriber{}, ErrBadToken
	}
	return sub, nil
}

// clientLimits counts sign-ups per client in fixed windows.
type clientLimits struct {
	per    int
	window time.Duration
	mu     sync.Mutex
	seen   map[string]clientCount
}

type clientCount struct {
	since time.Time
	n     int
}

func newClientLimits(per int, window time.Duration) *clientLimits {
	return &clientLimits{per: per, window: window, seen: map[string]clientCount{}}
}

// allow counts one sign-up from client and reports whether it is within
// the limit.
func (l *clientLimits) allow(client string, now time.Time) bool {
	key := clientKey(client)
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.seen) > 100_000 { // forget finished windows rather than grow without end
		for k, c := range l.seen {
			if now.Sub(c.since) >= l.window {
				delete(l.seen, k)
			}
		}
	}
	c := l.seen[key]
	if now.Sub(c.since) >= l.window {
		c = clientCount{since: now}
	}
	c.n++
	l.seen[key] = c
	return c.n <= l.per
}

// clientKey groups an IPv6 client by its /64, which one household or
// host usually holds whole.
func clientKey(client string) string {
	a, err := netip.ParseAddr(client)
	if err != nil {
		return client
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// repeatNote tells a reader who signed up again what became of the
// confirmation mails sent before: the second and third read as the first
// did, which left the reader wondering which link to follow and why
// the fourth never came. The mail goes only to the address itself, so it
// tells no one else whether the address signed up before; the sign-up
// page says the same whatever the address's standing.
func repeatNote(res store.SignUpResult, loc *time.Location) string {
	var said []string
	if res.Earlier {
		said = append(said, "A confirmation link was sent to this address before, and it still works, as this one does: "+
			"whichever you follow first confirms, with the sectors chosen for it, and the others then stop working.")
	}
	if res.Sent >= confirmsPerWindow {
		said = append(said, fmt.Sprintf("This is the last confirmation mail this address will get before %s.",
			res.WindowEnds.In(loc).Format("2 January 2006 at 15:04 MST")))
	}
	return strings.Join(said, " ")
}
