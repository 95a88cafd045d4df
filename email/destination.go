package email

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// The email edition as a delivery.Destination: one delivery per reader
// and edition in the ledger, one part (the mail) per delivery.

// Name is the ledger's platform for email deliveries.
func (s *Service) Name() string { return store.EmailPlatform }

// retryFor is how long a reader's copy that keeps failing for a reason
// worth trying again (a 4xx answer, a server that cannot be reached) is
// tried: three days, so that a relay or a reader's server down from
// Friday evening to Monday morning still passes the edition on, as mail
// servers keep trying each other for days; and less than the week
// between two editions, so that a reader is never sent two at once.
const retryFor = 72 * time.Hour

// RetryFor makes the email edition a delivery.Patient: see retryFor.
func (s *Service) RetryFor() time.Duration { return s.retryFor }

// WaitsForAnswer makes the email edition a delivery.AnswerWaiter: a mail
// whose server owes the answer when the run stops is given the sender's
// StopGrace (cutWhenStopped), not the worker's grace and then that.
func (s *Service) WaitsForAnswer() {}

// PostEdition mails post.Edition to the reader post.ChannelID names. The
// Message-ID is the same on every attempt, so a mail resent after a crash
// (between the server accepting it and the ledger recording it) is
// recognisable as the same message. A refusal for good (5xx) of the
// recipient counts towards stopping mail to the address; a 4xx answer or a
// broken connection is retried by the worker with backoff.
func (s *Service) PostEdition(ctx context.Context, post delivery.Post, sent func(part int, ref string) error) error {
	if post.From > 0 {
		return nil // the mail is recorded as sent
	}
	id, err := strconv.ParseInt(post.ChannelID, 10, 64)
	if err != nil {
		return &delivery.PermanentError{Reason: "not an email subscriber: " + post.ChannelID}
	}
	sub, err := s.due(ctx, id)
	if err != nil {
		return err
	}
	if why := NotMailed(sub.Address); why != "" {
		// Stored before ParseAddress refused such a domain: the relay
		// would deliver straight to that machine (its own loopback, a
		// host inside the network). Skipped rather than failed: the
		// reader is kept, for the operator to remove or correct.
		s.log.WarnContext(ctx, "not mailed: the reader's address names a machine by its IP address; remove it with `sharednews subscribers remove`",
			"subscriber", sub.ID, "address", Mask(sub.Address))
		return &delivery.SkipError{Reason: why}
	}
	r, err := s.cache.get(post.Edition, func() (*renderedEdition, error) {
		return s.id.renderEdition(post.Edition, s.sectorNames(sub.Sectors))
	}, sub.Sectors)
	if err != nil {
		return fmt.Errorf("render the edition mail: %w", err)
	}
	messageID := s.sign.messageID(post.Edition.ID, sub.ID, s.id.domain)
	m, err := s.id.editionMsg(r, sub.Address, messageID, s.unsubscribeURL(sub))
	if err != nil {
		return &delivery.PermanentError{Reason: "the address cannot be written in a mail", Err: errors.New(scrub(err.Error(), sub.Address))}
	}
	// The reader's standing is read again when the mail's turn comes: it
	// may have waited a while for the sending rate, and a reader who
	// unsubscribed meanwhile gets nothing.
	err = s.sender.Send(ctx, m, func(ctx context.Context) error {
		if post.Recordable != nil {
			if err := post.Recordable(); err != nil {
				return err
			}
		}
		_, err := s.due(ctx, id)
		return err
	})
	if errors.As(err, new(*delivery.SkipError)) || errors.As(err, new(*delivery.TransientError)) {
		return err // not the mail server's answer
	}
	if err != nil {
		return s.failed(ctx, sub, post.Edition.ID, err)
	}
	if sub.Bounces > 0 {
		if err := s.store.ClearBounces(ctx, sub.ID); err != nil {
			s.log.WarnContext(ctx, "clear bounces", "subscriber", sub.ID, "err", err)
		}
	}
	return sent(0, "<"+messageID+">")
}

// due returns the reader of subscriber id while mail is still due to
// them, else a *delivery.SkipError saying why not (unsubscribed, removed,
// stopped).
func (s *Service) due(ctx context.Context, id int64) (store.Subscriber, error) {
	sub, err := s.store.Subscriber(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return sub, &delivery.SkipError{Reason: "the reader's address was removed"}
	}
	if err != nil {
		return sub, err
	}
	switch sub.State {
	case store.SubscriberConfirmed:
		return sub, nil
	case store.SubscriberStopped:
		return sub, &delivery.SkipError{Reason: fmt.Sprintf("mail to this address stopped: its server refused %d editions in a row", store.MaxBounces)}
	}
	return sub, &delivery.SkipError{Reason: "the reader unsubscribed"}
}

// failed turns a sending error into what the worker does with it, with
// the address masked wherever the server's answer quoted it. The reason
// is a sentence for editors with the server's reply in brackets (its
// code and words, without the addresses it quoted); the full error is in
// the worker's log line.
func (s *Service) failed(ctx context.Context, sub store.Subscriber, editionID int64, err error) error {
	clean := errors.New(scrub(err.Error(), sub.Address))
	var rej *Rejection
	if errors.Is(err, ErrNeedsSMTPUTF8) {
		// Not the address's fault: no bounce. Every try would say the
		// same until the server changes, so not retried this edition.
		return &delivery.PermanentError{Reason: ErrNeedsSMTPUTF8.Error()}
	}
	if !errors.As(err, &rej) {
		// A connection: retried with backoff, worded here (a refusal of
		// the connection) or as the worker words a network fault, from
		// err: clean keeps its text alone, and the worker read "the
		// delivery failed in a way the bot does not recognise" in it.
		why := connectionReason(err)
		if why == "" {
			why = delivery.Reason(s.Name(), err)
		}
		return &delivery.TransientError{Reason: why, Err: clean}
	}
	answer := rej.Answer
	if answer == "" {
		answer = strconv.Itoa(rej.Code)
	}
	what := map[string]string{"recipient": "the address", "sender": "the sender's address (email.from)",
		"message": "the message", "connection": "the connection"}[rej.Stage]
	if what == "" {
		what = "the mail"
	}
	if !rej.Permanent() {
		// A 4xx: retried with backoff; this is what editors read if the
		// last try gets it too.
		return &delivery.TransientError{Reason: fmt.Sprintf("the mail server turned %s away for now (%s)", what, answer), Err: clean}
	}
	switch {
	case rej.AddressRefused():
		what = "the address" // at RCPT, or a mailbox looked up after the message
	case rej.Stage == "recipient":
		// A policy block is not the address's fault: editors are not to
		// read that the address was refused and remove the reader.
		what = "mail to the address"
	}
	reason := fmt.Sprintf("the mail server refused %s (%s)", what, answer)
	if rej.AddressRefused() {
		// Only a refusal that is about the address counts, not each of
		// those at RCPT (a policy block); one of the sender or the
		// message would stop every reader at once.
		stopped, berr := s.store.RecordBounce(ctx, sub.ID, editionID)
		if berr != nil {
			return berr
		}
		if stopped {
			reason += fmt.Sprintf("; mail to this address is now stopped after %d editions refused in a row", store.MaxBounces)
			s.log.WarnContext(ctx, "mail to an address stopped after repeated refusals", "subscriber", sub.ID, "address", Mask(sub.Address))
		}
	}
	return &delivery.PermanentError{Reason: reason, Err: clean}
}

// editionCache keeps each edition rendered once per choice of sectors,
// for the edition being sent (editions are frozen, and sent one at a time).
type editionCache struct {
	mu      sync.Mutex
	edition int64
	m       map[string]*renderedEdition
}

func (c *editionCache) get(e digest.Edition, render func() (*renderedEdition, error), sectors []string) (*renderedEdition, error) {
	// The edition as filtered for the delivery, the reader's choice named
	// in the footer, and the edition's number, which its web link names
	// and which moves up when an older edition is imported.
	var shown []string
	for _, sec := range e.Sections {
		shown = append(shown, sec.Sector.Slug)
	}
	key := fmt.Sprintf("%d|%d|%s|%s", e.Number, len(e.Lead), strings.Join(shown, ","), strings.Join(sectors, ","))
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.edition != e.ID || c.m == nil {
		c.edition, c.m = e.ID, map[string]*renderedEdition{}
	}
	if r, ok := c.m[key]; ok {
		return r, nil
	}
	r, err := render()
	if err != nil {
		return nil, err
	}
	c.m[key] = r
	return r, nil
}
