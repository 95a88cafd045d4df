package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math"
	"net/textproto"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sharednews/sharednews/internal/certproblem"
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
	// PerSecond, one per 5 mails a second, 2 to 16: with one, a mail the
	// server stalls over, up to DataTimeout, holds every other back).
	Conns int
	// Timeout bounds each connection's commands (0: 30s).
	Timeout time.Duration
	// DataTimeout bounds the wait for the server's answer to a message it
	// has whole (0: ten minutes, RFC 5321 4.5.3.2.6's). A server may take
	// long over it (a content filter), and it keeps the mail: given up on
	// at Timeout, the mail was sent again and read twice.
	DataTimeout time.Duration
	// StopGrace is how long a mail on its way when ctx ends (run is
	// stopping) is still given to be answered before its connection is
	// cut (0: five seconds). The answer to a message may be waited for ten
	// minutes (DataTimeout), which held a stopping run as long, past any
	// service manager's patience; a server answers a message in well
	// under a second unless it is stalled, and within five seconds run
	// still stops inside the ten its other work is given (tasks.Grace).
	StopGrace time.Duration
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
	// insecure is email.insecure: connections without TLS, on which
	// go-mail never logs in with a password in clear.
	insecure bool
	// implicitTLS is smtps://: TLS from the first byte.
	implicitTLS bool
	// dataTimeout and stopGrace are SMTPOptions'.
	dataTimeout, stopGrace time.Duration
	mu                     sync.Mutex
	heldUntil              time.Time
	heldErr                error
}

// NewSMTP makes a sender. It connects on the first mail.
func NewSMTP(o SMTPOptions) (*SMTP, error) {
	if o.PerSecond <= 0 {
		return nil, errors.New("smtp sender: a sending rate is required")
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.DataTimeout <= 0 {
		o.DataTimeout = 10 * time.Minute
	}
	if o.StopGrace <= 0 {
		o.StopGrace = 5 * time.Second
	}
	if o.Conns <= 0 {
		o.Conns = min(16, max(2, int(math.Ceil(o.PerSecond/5))))
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
		idle: make(chan *smtp.Client, o.Conns), slots: make(chan struct{}, o.Conns), redialAfter: o.RedialAfter,
		insecure: o.Insecure && !o.ImplicitTLS, implicitTLS: o.ImplicitTLS, dataTimeout: o.DataTimeout, stopGrace: o.StopGrace}, nil
}

// Rejection is a mail the server refused with a reply code: Code 5xx is a
// refusal for good, 4xx a "try later". Stage says at which command;
// AddressRefused, from it and the reply, whether the address is at fault.
type Rejection struct {
	Code  int
	Stage string // "sender", "recipient", "message" or "connection" (classify)
	// Answer is the server's reply as it gave it ("550 5.1.1 no such user
	// here"), without the addresses it quoted: what editors read.
	Answer string
	Err    error
}

func (r *Rejection) Error() string {
	return fmt.Sprintf("the mail server refused the %s (%d): %v", r.Stage, r.Code, r.Err)
}

func (r *Rejection) Unwrap() error { return r.Err }

// Permanent reports whether trying again cannot help: a 5xx answer.
func (r *Rejection) Permanent() bool { return r.Code >= 500 && r.Code < 600 }

// AddressRefused reports whether the server refused the recipient for good
// for a reason of the address's own, which counts towards stopping its
// mail. RFC 3463's enhanced status code, which servers write at the start
// of the reply's text whether or not they offer ENHANCEDSTATUSCODES, says
// whose the fault is:
//
//   - A 5xx to RCPT is the address's unless the code says it is the
//     sender's standing (5.7.x: a block list, SPF, a relay the bot may not
//     use) or address (5.1.7, 5.1.8), the receiving system's (5.3.x), the protocol's (5.5.x), the
//     content's (5.6.x), the message's length (5.2.3), or the network's
//     and routing's (5.4.x) other than the address's host not answering
//     or its domain having no route (5.4.1, 5.4.4). Such a block would
//     otherwise stop, three editions on, every reader at that provider
//     for good, when it is the sender's domain that is to change; and a
//     relay past its sending quota refuses every recipient after the
//     quota's last with 5.4.5 (Gmail) or 5.4.6 (Zoho), which stopped most
//     of a list too long for it. A reply without a code is the
//     address's only when its words say the mailbox is unknown
//     (unknownMailbox): RFC 5321 4.2.3 gives 550 to "mailbox not found,
//     no access, or command rejected for policy reasons" alike, and a
//     codeless block ("550 Sorry, no access for this ip") counted so
//     stopped every reader at that provider three editions on. qmail
//     writes its code at the end, "(#5.1.1)", read as the same.
//   - A 5xx to the message is the address's only when the code says so
//     (5.1.x but the sender's 5.1.7 and 5.1.8, or a mailbox disabled or
//     full, 5.2.1 and 5.2.2): a relay that looks mailboxes up only once it
//     has the message refuses an unknown one then, and each mail has one
//     recipient.
func (r *Rejection) AddressRefused() bool {
	if !r.Permanent() {
		return false
	}
	m := enhancedCode.FindStringSubmatch(r.Answer)
	if m == nil {
		m = qmailCode.FindStringSubmatch(r.Answer)
	}
	switch {
	case r.Stage == "recipient" && m == nil:
		return unknownMailbox.MatchString(r.Answer)
	case r.Stage == "recipient":
		switch m[1] {
		case "3", "5", "6", "7":
			return false
		case "2":
			return m[2] != "3"
		case "4":
			return m[2] == "1" || m[2] == "4"
		case "1":
			return m[2] != "7" && m[2] != "8"
		}
		return true
	case r.Stage == "message" && m != nil:
		return m[1] == "1" && m[2] != "7" && m[2] != "8" || m[1] == "2" && (m[2] == "1" || m[2] == "2")
	}
	return false
}

// enhancedCode is an RFC 3463 status code ("5.7.1") where a reply's text
// starts, after the reply code: its subject and its detail.
var enhancedCode = regexp.MustCompile(`^\d{3}[ -][245]\.(\d{1,3})\.(\d{1,3})\b`)

// qmailCode is the RFC 3463 code qmail writes at the end of a reply's
// text ("550 sorry, no mailbox here by that name. (#5.1.1)"), with the
// same groups as enhancedCode.
var qmailCode = regexp.MustCompile(`\(#[245]\.(\d{1,3})\.(\d{1,3})\)`)

// unknownMailbox is how a reply with no RFC 3463 code says that the
// mailbox does not exist, as sendmail ("User unknown"), Exchange ("Recipient
// not found") and most others word it. RFC
// 5321's own "mailbox unavailable" is left out: servers write it for a
// refusal of any kind.
var unknownMailbox = regexp.MustCompile(`(?i)\b(user unknown|unknown (user|recipient|mailbox|address)|` +
	`no such (user|mailbox|recipient|address|account)|no mailbox|` +
	`(user|mailbox|recipient|address|account) (does not|doesn't|not) exists?|` +
	`(user|mailbox|recipient|address|account) not found|invalid (recipient|mailbox))\b`)

// Send sends m once the rate allows, over an open connection or a new one,
// asking due first (when not nil) once the rate and a connection allow it:
// a mail may wait its turn for a while. A refusal with a reply code comes
// back as a *Rejection, but a 530 (no mail before STARTTLS or a login),
// which is the connection's set-up; any other error (a connection that
// failed or dropped, or such a set-up) is worth trying again.
//
// The rate's turn is taken with a connection in hand, not before: a turn
// taken while the mail then waited for a connection (a server stalled over
// the mail before it) was spent on nothing, and every mail that had waited
// so went out back to back once the server answered, far above
// per_second.
func (s *SMTP) Send(ctx context.Context, m *mail.Msg, due func(context.Context) error) error {
	waited := false
	for {
		conn, idle, err := s.conn(ctx)
		if err != nil {
			return err
		}
		if !waited {
			if err := s.limiter.Wait(ctx); err != nil {
				s.put(conn, true) // nothing was said on it
				return fmt.Errorf("wait for the sending rate: %w", err)
			}
			waited = true
		}
		if due != nil {
			if err := due(ctx); err != nil {
				s.put(conn, true) // nothing was said on it
				return err
			}
		}
		if err := needsSMTPUTF8(conn, m); err != nil {
			s.put(conn, true) // nothing was said on it
			return err
		}
		restore := awaitAnswer(m, conn, s.dataTimeout)
		sent := cutWhenStopped(ctx, conn, s.stopGrace)
		err = s.client.SendWithSMTPClient(conn, m)
		cut := sent()
		restore()
		if cut {
			s.put(conn, false)
			if m.IsDelivered() {
				return nil // answered as the connection was cut
			}
			// The server may have the mail and not have said so: it is
			// given back to the ledger as interrupted, and its next try,
			// by the next run, carries the same Message-ID, by which a
			// reader's client can fold the two into one.
			return fmt.Errorf("stopped before the mail server answered the mail (it may have it): %w", errors.Join(ctx.Err(), err))
		}
		if err == nil || m.IsDelivered() {
			// Delivered even if the reset after it failed: keep the
			// connection only when all went well.
			s.put(conn, err == nil)
			return nil
		}
		s.put(conn, reusable(conn, err))
		var se *mail.SendError
		if errors.As(err, &se) && se.Reason == mail.ErrConnCheck && idle {
			// An idle connection the server closed: nothing was sent. The
			// next is taken the same way, until a new one is dialled: a
			// server that went away closed every kept-open connection,
			// and a retry on the second of them alone reported "not
			// connected to SMTP server", a failure the bot does not
			// recognise, where the dial says it could not be reached.
			continue
		}
		err = classify(err)
		if errors.As(err, new(*setupRefusal)) {
			// Every mail on every connection would be refused the same
			// until the configuration changes: held as a refused login
			// is, rather than asked again for each reader's each try.
			s.hold(err)
		}
		return err
	}
}

// awaitAnswer gives conn timeout from the moment m's last part is
// written out for the rest of the message and the server's answer to
// it. go-mail sets one deadline, the connection's timeout, for a mail's
// every command at once; the writing of the last part is the one moment
// before that answer at which it lets the sender act. It returns what
// puts m's last part back as it was, for another attempt's connection.
func awaitAnswer(m *mail.Msg, conn *smtp.Client, timeout time.Duration) (restore func()) {
	ps := m.GetParts()
	if len(ps) == 0 {
		return func() {}
	}
	last := ps[len(ps)-1]
	write := last.GetWriteFunc()
	last.SetWriteFunc(func(w io.Writer) (int64, error) {
		n, err := write(w)
		if err == nil {
			err = conn.UpdateDeadline(timeout)
		}
		return n, err
	})
	return func() { last.SetWriteFunc(write) }
}

// cutWhenStopped closes conn stopGrace after ctx ends, unless the mail
// on it is sent first, which the returned func, called once the send
// returns, says; it reports whether conn was cut. go-mail takes no
// context for a mail, and holds the connection's lock while it waits for
// the answer, so neither its deadline nor its Close can be reached then:
// the connection under the SMTP session's text is closed instead, which
// ends the wait at once.
func cutWhenStopped(ctx context.Context, conn *smtp.Client, grace time.Duration) (sent func() bool) {
	done, cut := make(chan struct{}), make(chan bool, 1)
	text := conn.Text
	go func() {
		select {
		case <-done:
			cut <- false
			return
		case <-ctx.Done():
		}
		timer := time.NewTimer(grace)
		defer timer.Stop()
		select {
		case <-done:
			cut <- false
		case <-timer.C:
			text.Close()
			cut <- true
		}
	}()
	return func() bool {
		close(done)
		return <-cut
	}
}

// reusable reports whether conn can carry the next mail after err: the
// server answered the sender, a recipient or the message with a reply code
// and then takes RSET, which ends the transaction (RFC 5321 4.1.1.5). A
// greylisting server answers 451 to the first RCPT of every address new to
// it: hanging up on each refusal opened a connection per new reader at
// that provider, which providers count against a sender. A 421 closes the
// connection, a 530 refuses every mail on it (setupRefusal), and a reply
// lost mid-message leaves it in no known state.
func reusable(conn *smtp.Client, err error) bool {
	var se *mail.SendError
	if !errors.As(err, &se) || se.ErrorCode() == 0 || se.ErrorCode() == 421 || se.ErrorCode() == 530 {
		return false
	}
	if se.Reason == mail.ErrSMTPMailFrom && se.ErrorCode() >= 500 {
		// email.from refused (classify): the sender is held, which only a
		// new connection's dial asks; one kept open would carry the next
		// reader's mail to the same refusal at once.
		return false
	}
	switch se.Reason {
	case mail.ErrSMTPMailFrom, mail.ErrSMTPRcptTo, mail.ErrSMTPData, mail.ErrSMTPDataClose:
		return conn.Reset() == nil
	}
	return false
}

// ErrNeedsSMTPUTF8 is a recipient whose mailbox (before the @) has
// letters beyond ASCII, on a server that does not offer SMTPUTF8 (RFC
// 6531). go-mail would send the address in raw UTF-8 all the same, which
// such a server may refuse, mangle or deliver elsewhere; a domain has an
// ASCII form (asciiDomain), a mailbox has none.
var ErrNeedsSMTPUTF8 = errors.New("the address has letters beyond ASCII before the @, " +
	"which the mail server does not accept (it does not offer SMTPUTF8)")

// needsSMTPUTF8 returns ErrNeedsSMTPUTF8 when m is to such a mailbox and
// the server on conn does not offer SMTPUTF8.
func needsSMTPUTF8(conn *smtp.Client, m *mail.Msg) error {
	rcpts, err := m.GetRecipients()
	if err != nil {
		return nil // go-mail says so when it sends
	}
	for _, r := range rcpts {
		local, _, _ := strings.Cut(r, "@")
		if isASCII(local) {
			continue
		}
		if ok, _ := conn.Extension("SMTPUTF8"); !ok {
			return ErrNeedsSMTPUTF8
		}
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func classify(err error) error {
	var se *mail.SendError
	if !errors.As(err, &se) {
		return fmt.Errorf("send mail: %w", err)
	}
	if se.ErrorCode() == 0 {
		cause := lostConnection(se)
		if cause == nil && se.Reason == mail.ErrConnCheck {
			// go-mail's check of the connection (NOOP) failed, and it
			// keeps neither the answer nor the network's error: the
			// server closed the connection (or answered 421, which does).
			cause = io.ErrUnexpectedEOF
		}
		if cause != nil {
			return fmt.Errorf("send mail: %w (%w)", err, cause)
		}
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
	if se.ErrorCode() == 421 {
		// "Service not available, closing transmission channel" (RFC
		// 5321 4.2.3) is about the connection whatever command it
		// answers, not the sender, the address or the message.
		stage = "connection"
	}
	if se.ErrorCode() == 530 {
		// RFC 3207 4 and RFC 4954 6: the server takes no mail on this
		// connection before STARTTLS or a login, whatever the sender,
		// the address or the message. Read as a refusal of the sender
		// (it answers MAIL FROM), editors were sent to email.from, and
		// every reader's mail failed at once for good.
		// Its error is the reply alone, not go-mail's, which names the
		// recipients it answered: the sender holds it and fails the next
		// readers' mails with it, and each of their log lines masks only
		// its own reader's address.
		answer := serverAnswer(se)
		return &setupRefusal{TLS: strings.Contains(strings.ToUpper(answer), "TLS"), Answer: answer,
			Err: fmt.Errorf("send mail: %s: %s", se.Reason, answer)}
	}
	if stage == "sender" && se.ErrorCode() >= 500 && se.ErrorCode() < 600 {
		// A refusal for good of MAIL FROM refuses email.from, the bot's
		// own setting (a relay that will not send as that address for
		// the bot's login), not any reader: every mail would be refused
		// the same until it is changed. Read as each mail's own refusal,
		// it failed every remaining reader of the edition at once, with
		// nothing to send it again once fixed; as a setting, it is held
		// and the mail retried with backoff, as a 530 is.
		answer := serverAnswer(se)
		return &setupRefusal{From: true, Answer: answer, Err: fmt.Errorf("send mail: %s: %s", se.Reason, answer)}
	}
	return &Rejection{Code: se.ErrorCode(), Stage: stage, Answer: serverAnswer(se), Err: err}
}

// lostConnection is the network fault behind a SendError without a reply
// code, for the delivery worker to word ("the connection was dropped"), or
// nil: go-mail keeps the errors of the commands it sent only as text (a
// SendError does not unwrap), so a server that closed the connection or
// stopped answering mid-mail would otherwise read as a failure the bot
// does not recognise.
func lostConnection(se *mail.SendError) error {
	switch msg := se.Error(); {
	case strings.Contains(msg, "i/o timeout"):
		return os.ErrDeadlineExceeded
	case strings.Contains(msg, "EOF"), strings.Contains(msg, "connection reset"), strings.Contains(msg, "broken pipe"):
		return io.ErrUnexpectedEOF
	}
	return nil
}

// Refusals of the connection itself, which go-mail gives only as text,
// named so that editors are told what to change.
var (
	errNoSTARTTLS = errors.New("the mail server does not offer STARTTLS")
	errLogin      = errors.New("the mail server refused the login")
	errNoLogin    = errors.New("the mail server offers no login")
	// go-mail's login discovery found no method it uses among those
	// offered: without TLS, it leaves out those that send the password
	// in clear.
	errNoLoginMethod  = errors.New("the mail server offers no login method the sender uses")
	errNoLoginInClear = errors.New("the mail server offers no login method the sender uses without TLS")
	// The TLS handshake failed for another reason than the certificate:
	// after the server accepted STARTTLS, or at the start of smtps://
	// (most often a port that speaks plain SMTP first, such as 587).
	errSTARTTLSFailed = errors.New("the TLS handshake after STARTTLS failed")
	errTLSAtStart     = errors.New("the TLS handshake at the start of smtps:// failed")
)

// tlsFailure is the TLS error's own words in err ("tls: first record does
// not look like a TLS handshake", "remote error: tls: handshake failure"),
// or "" when err is no TLS handshake failure or is the certificate's
// (which certproblem words).
func tlsFailure(err error) string {
	if errors.As(err, new(*tls.CertificateVerificationError)) {
		return ""
	}
	var words string
	var walk func(error)
	walk = func(err error) { // the innermost error that says "tls: "
		if msg := err.Error(); strings.Contains(msg, "tls: ") {
			words = msg[strings.Index(msg, "tls: "):]
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			if inner := u.Unwrap(); inner != nil {
				walk(inner)
			}
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				walk(inner)
			}
		}
	}
	walk(err)
	return words
}

// connectionRefusal is the mail server's answer with a reply code to the
// connection itself, before any mail: its greeting, EHLO, STARTTLS, or a
// login it could not check for now (a 4xx to AUTH; a 5xx is errLogin).
type connectionRefusal struct {
	Code   int
	Answer string // the reply as the server gave it ("421 4.3.2 too busy")
	Login  bool   // the answer to the login (AUTH)
	Err    error
}

func (e *connectionRefusal) Error() string { return e.Err.Error() }

func (e *connectionRefusal) Unwrap() error { return e.Err }

// setupRefusal is a server's 530 to a mail: it takes no mail before
// STARTTLS (TLS; email.insecure = true skipped the STARTTLS it offers) or
// before a login (email.username is empty); or its 5xx to MAIL FROM, a
// refusal of email.from (From). Like a refusal of the
// connection, it is the configuration's to change, and a mail refused so
// is retried with backoff.
type setupRefusal struct {
	TLS bool
	// From says the server refused email.from (a 5xx to MAIL FROM).
	From   bool
	Answer string // the reply as the server gave it, without the addresses it quoted
	Err    error
}

func (e *setupRefusal) Error() string { return e.Err.Error() }

func (e *setupRefusal) Unwrap() error { return e.Err }

// dialError names go-mail's refusals of a connection (errNoSTARTTLS,
// errLogin, errNoLogin, errNoLoginMethod, errNoLoginInClear, a
// *connectionRefusal) in err's chain.
func (s *SMTP) dialError(err error) error {
	var reply *textproto.Error
	switch msg := err.Error(); {
	case strings.Contains(msg, "does not support STARTTLS"):
		return fmt.Errorf("%w: %w", errNoSTARTTLS, err)
	case strings.Contains(msg, "SMTP AUTH failed") && errors.As(err, &reply) && reply.Code >= 400 && reply.Code < 500:
		// "454 4.7.0 Temporary authentication failure": the server's
		// own trouble (its password store), not a wrong password.
		return &connectionRefusal{Code: reply.Code, Answer: replyText(reply), Login: true, Err: err}
	case strings.Contains(msg, "SMTP AUTH failed"):
		return fmt.Errorf("%w: %w", errLogin, err)
	case strings.Contains(msg, "server does not support SMTP AUTH"):
		return fmt.Errorf("%w: %w", errNoLogin, err)
	case errors.Is(err, mail.ErrNoSupportedAuthDiscovered) && s.insecure:
		return fmt.Errorf("%w: %w", errNoLoginInClear, err)
	case errors.Is(err, mail.ErrNoSupportedAuthDiscovered):
		return fmt.Errorf("%w: %w", errNoLoginMethod, err)
	case errors.As(err, &reply):
		// go-mail returns the server's reply as it came (for a refused
		// EHLO, the first of the EHLO and HELO replies it joins).
		return &connectionRefusal{Code: reply.Code, Answer: replyText(reply), Err: err}
	case tlsFailure(err) != "" && s.implicitTLS:
		return fmt.Errorf("%w: %w", errTLSAtStart, err)
	case tlsFailure(err) != "":
		return fmt.Errorf("%w: %w", errSTARTTLSFailed, err)
	}
	return err
}

// replyText is a server's reply on one line, as it gave it.
func replyText(reply *textproto.Error) string {
	return replyLine(reply.Code, reply.Msg)
}

// replyLine is the reply of code with text msg (its lines joined by "\n",
// as net/textproto reads them) on one line. Servers repeat the enhanced
// status code at the start of every line of a reply ("550-5.1.1 The email
// account ...\r\n550-5.1.1 double-checking ..."): it is said once, not
// in the middle of the sentence each line break fell in.
func replyLine(code int, msg string) string {
	lines := strings.Split(msg, "\n")
	if first := enhancedCode.FindString(fmt.Sprintf("%d %s", code, lines[0])); first != "" {
		status := first[len("550 "):]
		for i := 1; i < len(lines); i++ {
			if rest, ok := strings.CutPrefix(strings.TrimLeft(lines[i], " "), status); ok {
				lines[i] = rest
			}
		}
	}
	return strings.Join(strings.Fields(fmt.Sprintf("%d %s", code, strings.Join(lines, " "))), " ")
}

// connectionReason is the sentence editors read for a connection the mail
// server refused or whose certificate cannot be trusted, "" for any other
// error (a network fault, which delivery.Reason words).
func connectionReason(err error) string {
	var refusal *connectionRefusal
	var setup *setupRefusal
	var cert *tls.CertificateVerificationError
	switch {
	case errors.Is(err, errNoSTARTTLS):
		return "the mail server does not offer STARTTLS, and mail is never sent unencrypted: enable STARTTLS on it, " +
			"or set email.insecure = true if it is on a network you trust"
	case errors.Is(err, errSTARTTLSFailed):
		return "the mail server offered STARTTLS but did not then speak TLS (" + tlsFailure(err) + "): " +
			"check its TLS set-up, or set email.insecure = true if it is on a network you trust"
	case errors.Is(err, errTLSAtStart):
		return "the mail server did not speak TLS from the start, as smtps:// wants (" + tlsFailure(err) + "): " +
			"for a port that offers STARTTLS (587) write email.smtp_url as smtp://"
	case errors.Is(err, errLogin):
		return "the mail server refused the bot's login: check email.username and SMTP_PASSWORD"
	case errors.Is(err, errNoLogin):
		return "the mail server offers no login, yet email.username is set: leave it empty if the server needs none, " +
			"or check that email.smtp_url names the server that takes the bot's login"
	case errors.Is(err, errNoLoginInClear):
		return "the mail server offers no way of logging in that the bot can use (without TLS, it never sends the password in clear, " +
			"as PLAIN and LOGIN would): leave email.username empty if the server needs no login, else enable STARTTLS on it and set email.insecure = false"
	case errors.Is(err, errNoLoginMethod):
		return "the mail server offers no way of logging in that the bot can use (it knows SCRAM-SHA-256, SCRAM-SHA-1, NTLM, CRAM-MD5, PLAIN and LOGIN)"
	case errors.As(err, &setup) && setup.From:
		return "the mail server refused the bot's sender address (" + setup.Answer + "): set email.from to an address the server lets the bot send from"
	case errors.As(err, &setup) && setup.TLS:
		return "the mail server takes no mail before STARTTLS (" + setup.Answer + "), and email.insecure = true sends without it: set email.insecure = false"
	case errors.As(err, &setup):
		return "the mail server takes no mail before a login (" + setup.Answer + "): set email.username, and the password in SMTP_PASSWORD"
	case errors.As(err, &refusal) && refusal.Login:
		return fmt.Sprintf("the mail server could not check the bot's login for now (%s)", refusal.Answer)
	case errors.As(err, &refusal) && refusal.Code >= 400 && refusal.Code < 500:
		return fmt.Sprintf("the mail server turned the connection away for now (%s)", refusal.Answer)
	case errors.As(err, &refusal):
		return fmt.Sprintf("the mail server refused the connection (%s)", refusal.Answer)
	case errors.As(err, &cert):
		return "the mail server's " + certproblem.Of(err)
	}
	return ""
}

// quotedReply is a reply as net/textproto's Error writes it: the code,
// then the text as a Go string literal.
var quotedReply = regexp.MustCompile(`\b([2-5]\d\d) ("(?:[^"\\]|\\.)*")`)

// quotedAddress is an address a server's reply quotes, with what joins
// it to the rest ("<ana@example.org>: ").
var quotedAddress = regexp.MustCompile(`<[^<>\s]*@[^<>\s]*>:?\s*`)

// serverAnswer is the server's reply in go-mail's error ("sending SMTP
// RCPT TO command: 550 "5.1.1 <a@b>: no such user here", affected
// recipient(s): a@b, affected message ID: …"), without go-mail's words
// around it or the addresses: go-mail gives the reply only as text, and
// net/textproto's Error writes its text Go-quoted, so a reply of several
// lines came to editors with "\n" in the middle of it. The quoted text is
// read back and put on one line as replyText does.
func serverAnswer(se *mail.SendError) string {
	if m := quotedReply.FindStringSubmatch(se.Error()); m != nil {
		code, _ := strconv.Atoi(m[1])
		if msg, err := strconv.Unquote(m[2]); err == nil {
			return strings.Join(strings.Fields(quotedAddress.ReplaceAllString(replyLine(code, msg), "")), " ")
		}
	}
	text, _ := strings.CutPrefix(se.Error(), se.Reason.String()+":")
	text, _, _ = strings.Cut(text, ", affected recipient(s):")
	text, _, _ = strings.Cut(text, ", affected message ID:")
	text = quotedAddress.ReplaceAllString(text, "")
	return strings.Join(strings.Fields(strings.ReplaceAll(text, `"`, "")), " ")
}

// conn takes an idle connection (idle is true) or dials a new one when
// fewer than Conns are open, else waits for one to come back.
func (s *SMTP) conn(ctx context.Context) (c *smtp.Client, idle bool, err error) {
	select {
	case c := <-s.idle:
		return c, true, nil
	default:
	}
	select {
	case c := <-s.idle:
		return c, true, nil
	case s.slots <- struct{}{}:
		if err := s.held(); err != nil {
			<-s.slots
			return nil, false, err
		}
		c, err := s.client.DialToSMTPClientWithContext(ctx)
		if err != nil {
			<-s.slots
			err = fmt.Errorf("connect to the mail server: %w", s.dialError(err))
			if ctx.Err() == nil {
				s.hold(err)
			}
			return nil, false, err
		}
		return c, false, nil
	case <-ctx.Done():
		return nil, false, ctx.Err()
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
