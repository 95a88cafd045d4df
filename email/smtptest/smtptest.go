// Package smtptest is a real SMTP server for tests and benchmarks
// (github.com/emersion/go-smtp, in process, on loopback): it offers
// STARTTLS with a certificate it makes itself, can require a login, keeps
// every mail it accepts, and answers as a test tells it to (451 then 250,
// 550 for good, a connection dropped).
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options configure a Server.
type Options struct {
	// NoTLS offers no STARTTLS (a relay that a client must refuse unless
	// told it is insecure).
	NoTLS bool
	// SMTPUTF8 offers the SMTPUTF8 extension (RFC 6531): addresses with
	// letters beyond ASCII before the @.
	SMTPUTF8 bool
	// Username and Password, when set, are the one login accepted; mail
	// is refused without it.
	Username, Password string
	// Sender, when set, answers each MAIL FROM once the login is done:
	// nil accepts; an *smtp.SMTPError refuses (a relay that will not send
	// as that address). attempt counts MAIL FROM commands from 1.
	Sender func(from string, attempt int) error
	// Recipient, when set, answers each RCPT TO: nil accepts; an
	// *smtp.SMTPError refuses. attempt counts the tries at that address
	// from 1.
	Recipient func(address string, attempt int) error
	// Message, when set, answers each message once its data is read: nil
	// accepts; an *smtp.SMTPError refuses; ErrDrop closes the connection
	// without an answer, as a server that fails mid-DATA does. attempt
	// counts the messages to the same recipients from 1.
	Message func(to []string, attempt int) error
}

// ErrDrop, from Options.Message, drops the connection before the server
// answers the message: the client cannot know whether it was accepted.
var ErrDrop = errors.New("smtptest: connection dropped")

// Message is one mail the server accepted.
type Message struct {
	From string
	To   []string
	Data []byte
	// TLS says the mail came over an encrypted connection.
	TLS bool
	// User is who logged in ("" for nobody).
	User string
}

// Header parses the message's header.
func (m Message) Header() (mail.Header, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return nil, err
	}
	return msg.Header, nil
}

// Server is a running SMTP server.
type Server struct {
	srv  *smtp.Server
	ln   net.Listener
	opts Options
	// ClientTLS trusts the server's certificate: give it to the sender.
	ClientTLS *tls.Config
	done      chan struct{}

	mu       sync.Mutex
	messages []Message
	attempts map[string]int
	// senderAttempts counts Options.Sender's calls.
	senderAttempts int
	// messageAttempts counts Options.Message's calls by recipients.
	messageAttempts map[string]int
	sessions        int
}

// Start starts a server on a loopback port.
func Start(opts Options) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("smtptest: %w", err)
	}
	s := &Server{ln: ln, opts: opts, done: make(chan struct{}), attempts: map[string]int{}, messageAttempts: map[string]int{}}
	s.srv = smtp.NewServer(backend{s})
	s.srv.Domain = "localhost"
	s.srv.ReadTimeout = 30 * time.Second
	s.srv.WriteTimeout = 30 * time.Second
	s.srv.MaxMessageBytes = 10 << 20
	s.srv.MaxRecipients = 50
	s.srv.EnableSMTPUTF8 = opts.SMTPUTF8
	s.srv.ErrorLog = quiet{} // clients that are killed mid-session are the point of some tests
	if !opts.NoTLS {
		cert, pool, err := certificate()
		if err != nil {
			ln.Close()
			return nil, err
		}
		s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		s.ClientTLS = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
	}
	go func() {
		defer close(s.done)
		s.srv.Serve(ln)
	}()
	return s, nil
}

// Host and Port are where the server listens.
func (s *Server) Host() string { return "127.0.0.1" }

// Port is the server's port.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// Close stops the server. It closes the listener itself too: go-smtp's
// Close closes only the listeners Serve has registered, and a server
// closed before its goroutine reached Serve (a test that never sends
// mail) would otherwise accept for ever and Close wait for it.
func (s *Server) Close() {
	s.srv.Close()
	s.ln.Close()
	<-s.done
}

// Messages returns the mails accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Sessions counts the connections made.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions
}

type backend struct{ s *Server }

func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	b.s.mu.Lock()
	b.s.sessions++
	b.s.mu.Unlock()
	return &session{s: b.s, conn: c}, nil
}

type session struct {
	s    *Server
	conn *smtp.Conn
	user string
	from string
	to   []string
}

func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != ss.s.opts.Username || password != ss.s.opts.Password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "authentication failed"}
		}
		ss.user = username
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.Username != "" && ss.user == "" {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "authentication required"}
	}
	if f := ss.s.opts.Sender; f != nil {
		ss.s.mu.Lock()
		ss.s.senderAttempts++
		n := ss.s.senderAttempts
		ss.s.mu.Unlock()
		if err := f(from, n); err != nil {
			return err
		}
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if f := ss.s.opts.Recipient; f != nil {
		ss.s.mu.Lock()
		ss.s.attempts[strings.ToLower(to)]++
		n := ss.s.attempts[strings.ToLower(to)]
		ss.s.mu.Unlock()
		if err := f(to, n); err != nil {
			return err
		}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if f := ss.s.opts.Message; f != nil {
		key := strings.ToLower(strings.Join(ss.to, ","))
		ss.s.mu.Lock()
		ss.s.messageAttempts[key]++
		n := ss.s.messageAttempts[key]
		ss.s.mu.Unlock()
		if err := f(append([]string(nil), ss.to...), n); errors.Is(err, ErrDrop) {
			ss.conn.Close()
			return err
		} else if err != nil {
			return err
		}
	}
	_, encrypted := ss.conn.TLSConnectionState()
	ss.s.mu.Lock()
	ss.s.messages = append(ss.s.messages, Message{From: ss.from, To: append([]string(nil), ss.to...), Data: data, TLS: encrypted, User: ss.user})
	ss.s.mu.Unlock()
	return nil
}

func (ss *session) Reset() { ss.from, ss.to = "", nil }

func (ss *session) Logout() error { return nil }

// certificate makes a self-signed certificate for 127.0.0.1 and the pool
// that trusts it.
func certificate() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "smtptest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}

// TempFail is the "try again later" answer to a recipient.
func TempFail() error {
	return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "temporary local problem, try again later"}
}

// NoSuchUser is the refusal for good of a recipient, quoting it as real
// servers do.
func NoSuchUser(address string) error {
	return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "<" + address + ">: no such user here"}
}

type quiet struct{}

func (quiet) Printf(string, ...any) {}
func (quiet) Println(...any)        {}
