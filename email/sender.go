package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
	"golang.org/x/time/rate"
)

// SMTPOptions configure an SMTP sender.
type SMTPOptions struct {
	Host string
	Port int
	// ImplicitTLS is smtps://: TLS from the first byte. Otherwise the
	// server must offer STARTTLS, unless Insecure.
	ImplicitTLS bool
	Insecure    bool
	// Username and Password log in when Username is set.
	Username, Password string
	// TLSConfig verifies the server (nil: the system's roots, for Host).
	TLSConfig *tls.Config
	// PerSecond is the most mails sent a second (email.per_second).
	PerSecond float64
	// Conns is how many connections are kept open to the server (0: from
	// PerSecond, one per 5 mails a second, 1 to 16).
	Conns int
	// Timeout bounds each connection's commands (0: 30s).
	Timeout time.Duration
	// RedialAfter is how long a failed connection or login keeps the
	// sender from dialling again (0: a minute); mails meanwhile fail at
	// once with that failure, to be retried by the ledger.
	RedialAfter time.Duration
}

// SMTP sends mail through one server at a set rate, over a small pool of
// connections kept open between mails. It is safe for concurrent use.
//
// It is built on github.com/wneessen/go-mail: maintained, pure Go, with
// STARTTLS policies, SMTP AUTH discovery, multipart/alternative messages and
// errors that keep the server's reply code, which the ledger needs to tell
// a retry (4xx) from a refusal (5xx).
type SMTP struct {
	client  *mail.Client // holds the settings; connections are dialled from it
	limiter *rate.Limiter
	idle    chan *smtp.Client
	slots   chan struct{} // one per open connection

	// After a failed dial the sender waits redialAfter before dialling
	// again: a relay that refuses the login (535) would otherwise be
	// asked to log in once for every reader's every attempt, which locks
	// accounts on many relays; one that is down, hammered.
	redialAfter time.Duration
	mu          sync.Mutex
	heldUntil   time.Time
	heldErr     error
}

// NewSMTP makes a sender. It connects on the first mail.
func NewSMTP(o SMTPOptions) (*SMTP, error) {
	if o.PerSecond <= 0 {
		return nil, errors.New("smtp sender: a sending rate is required")
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Conns <= 0 {
		o.Conns = min(16, max(1, int(math.Ceil(o.PerSecond/5))))
	}
	if o.RedialAfter <= 0 {
		o.RedialAfter = time.Minute
	}
	// No RSET after each mail: the transaction ends with the server's
	// answer to the message, and a round trip less is a shorter window
	// between the server accepting a mail and the ledger recording it.
	opts := []mail.Option{mail.WithTimeout(o.Timeout), mail.WithoutRset()}
	switch {
	case o.ImplicitTLS:
		opts = append(opts, mail.WithSSL())
	case o.Insecure:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if o.TLSConfig != nil {
		opts = append(opts, mail.WithTLSConfig(o.TLSConfig))
	}
	if o.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(o.Username), mail.WithPassword(o.Password))
	}
	// The port last: the TLS options set their own defaults.
	opts = append(opts, mail.WithPort(o.Port))
	c, err := mail.NewClient(o.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp sender: %w", err)
	}
	return &SMTP{client: c, limiter: rate.NewLimiter(rate.Limit(o.PerSecond), 1),
		idle: make(chan *smtp.Client, o.Conns), slots: make(chan struct{}, o.Conns), redialAfter: o.RedialAfter}, nil
}

// Rejection is a mail the server refused with a reply code: Code 5xx is a
// refusal for good, 4xx a "try later". Stage says at which command:
// "recipient" refusals are about the address itself.
type Rejection struct {
	Code  int
	Stage string // "sender", "recipient", "data" or "connection"
	Err   error
}

func (r *Rejection) Error() string {
	return fmt.Sprintf("the mail server refused the %s (%d): %v", r.Stage, r.Code, r.Err)
}

func (r *Rejection) Unwrap() error { return r.Err }

// Permanent reports whether trying again cannot help: a 5xx answer.
func (r *Rejection) Permanent() bool { return r.Code >= 500 && r.Code < 600 }

// Send sends m once the rate allows, over an open connection or a new one.
// A refusal with a reply code comes back as a *Rejection; any other error
// (a connection that failed or dropped) is worth trying again.
func (s *SMTP) Send(ctx context.Context, m *mail.Msg) error {
	if err := s.limiter.Wait(ctx); err != nil {
		return fmt.Errorf("wait for the sending rate: %w", err)
	}
	for attempt := 0; ; attempt++ {
		conn, err := s.conn(ctx)
		if err != nil {
			return err
		}
		err = s.client.SendWithSMTPClient(conn, m)
		if err == nil || m.IsDelivered() {
			// Delivered even if the reset after it failed: keep the
			// connection only when all went well.
			s.put(conn, err == nil)
			return nil
		}
		s.put(conn, false)
		var se *mail.SendError
		if errors.As(err, &se) && se.Reason == mail.ErrConnCheck && attempt == 0 {
			continue // an idle connection the server closed: nothing was sent; dial again
		}
		return classify(err)
	}
}

func classify(err error) error {
	var se *mail.SendError
	if !errors.As(err, &se) || se.ErrorCode() == 0 {
		return fmt.Errorf("send mail: %w", err)
	}
	stage := "message"
	switch se.Reason {
	case mail.ErrSMTPMailFrom:
		stage = "sender"
	case mail.ErrSMTPRcptTo:
		stage = "recipient"
	case mail.ErrSMTPData, mail.ErrSMTPDataClose, mail.ErrWriteContent:
		stage = "message"
	case mail.ErrConnCheck, mail.ErrSMTPReset:
		stage = "connection"
	}
	return &Rejection{Code: se.ErrorCode(), Stage: stage, Err: err}
}

// conn takes an idle connection or dials a new one when fewer than Conns
// are open, else waits for one to come back.
func (s *SMTP) conn(ctx context.Context) (*smtp.Client, error) {
	select {
	case c := <-s.idle:
		return c, nil
	default:
	}
	select {
	case c := <-s.idle:
		return c, nil
	case s.slots <- struct{}{}:
		if err := s.held(); err != nil {
			<-s.slots
			return nil, err
		}
		c, err := s.client.DialToSMTPClientWithContext(ctx)
		if err != nil {
			<-s.slots
			err = fmt.Errorf("connect to the mail server: %w", err)
			if ctx.Err() == nil {
				s.hold(err)
			}
			return nil, err
		}
		return c, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// held returns the last dial's failure while the sender waits before
// dialling again, else nil.
func (s *SMTP) held() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.heldErr == nil || !time.Now().Before(s.heldUntil) {
		return nil
	}
	return fmt.Errorf("%w (not tried again before %s)", s.heldErr, s.heldUntil.UTC().Format("15:04:05 MST"))
}

// hold keeps the sender from dialling for redialAfter after err.
func (s *SMTP) hold(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.heldUntil, s.heldErr = time.Now().Add(s.redialAfter), err
}

// put returns a connection to the pool, or closes it.
func (s *SMTP) put(c *smtp.Client, keep bool) {
	if keep {
		select {
		case s.idle <- c:
			return
		default:
		}
	}
	c.Close()
	<-s.slots
}

// Close says goodbye on every idle connection.
func (s *SMTP) Close() error {
	for {
		select {
		case c := <-s.idle:
			s.client.CloseWithSMTPClient(c)
			<-s.slots
		default:
			return nil
		}
	}
}
