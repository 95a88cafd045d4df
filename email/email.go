package email

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// Sender sends one mail; *SMTP is one. Errors that are a *Rejection carry
// the server's reply code.
type Sender interface {
	// Send sends m once the sending rate allows. When due is not nil it is
	// asked first, once m's turn has come, whether m is still to go out:
	// its error is returned and nothing is sent (a reader who unsubscribed
	// while the mail waited).
	Send(ctx context.Context, m *gomail.Msg, due func(context.Context) error) error
}

// Options configure the email edition.
type Options struct {
	Store    *store.Store
	Sender   Sender
	Sectors  digest.Sectors
	SiteName string // bot.name
	From     string // email.from
	ReplyTo  string // email.reply_to, optional
	// PublicURL is http.public_url: links in mails start with it.
	PublicURL string
	Logger    *slog.Logger
	Now       func() time.Time
	// Location is bot.timezone, in which mails state times (a
	// confirmation link's expiry), as the rest of the product does;
	// nil is UTC.
	Location *time.Location
	// RetryFor is how long a reader's copy is tried (0: retryFor's three
	// days); a harness whose worker gives up after a few quick attempts
	// sets it short, for the attempts to be the bound.
	RetryFor time.Duration
}

// Service is the email edition: the list readers join and leave (the web
// archive's pages call it) and the delivery Destination that mails each
// edition. It is safe for concurrent use.
type Service struct {
	store   *store.Store
	sender  Sender
	sectors digest.Sectors
	id      identity
	sign    signer
	log     *slog.Logger
	now     func() time.Time
	loc     *time.Location
	signups *clientLimits
	cache   editionCache
	links   *Links
	// retryFor is Options.RetryFor.
	retryFor time.Duration
}

// New makes the service. ctx bounds reading the signing secret.
func New(ctx context.Context, o Options) (*Service, error) {
	if o.Store == nil || o.Sender == nil {
		return nil, errors.New("email: a store and a sender are required")
	}
	id, err := newIdentity(o.SiteName, o.From, o.ReplyTo, o.PublicURL)
	if err != nil {
		return nil, fmt.Errorf("email: %w", err)
	}
	// The service answers the unsubscribe links as the archive does with
	// email off: the same signer and logger.
	links, err := NewLinks(ctx, o.Store, o.Logger)
	if err != nil {
		return nil, err
	}
	s := &Service{store: o.Store, sender: o.Sender, sectors: o.Sectors, id: id, sign: links.sign,
		log: links.log, now: o.Now, loc: o.Location, links: links, retryFor: o.RetryFor}
	if s.retryFor <= 0 {
		s.retryFor = retryFor
	}
	if s.loc == nil {
		s.loc = time.UTC
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.signups = newClientLimits(signUpsPerClient, signUpWindow)
	return s, nil
}

// inOrder returns slugs in the configured order: the one order the
// confirmation mail, the confirm page and a subscription list them in,
// whatever order a form sent them in.
func (s *Service) inOrder(slugs []string) []string {
	out := slugs[:0:0]
	for _, sec := range s.sectors {
		if slices.Contains(slugs, sec.Slug) {
			out = append(out, sec.Slug)
		}
	}
	return out
}

// sectorNames are the display names of slugs, in the configured order.
func (s *Service) sectorNames(slugs []string) []string {
	var names []string
	for _, sec := range s.sectors {
		for _, slug := range slugs {
			if slug == sec.Slug {
				names = append(names, digest.OneLine(sec.Name))
			}
		}
	}
	return names
}

func (s *Service) unsubscribeURL(sub store.Subscriber) string {
	return s.id.base + "/unsubscribe?t=" + s.sign.unsubscribeToken(sub.ID, sub.UnsubscribeKey)
}
