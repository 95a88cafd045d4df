package email_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// scriptedSMTP is a mail server on loopback that answers each command by
// its verb from answers ("250 ok" for any other; "DROP" closes the
// connection instead; "SLOW" for "." keeps the message's answer back for a
// second, then closes), after greeting with greeting ("" closes the
// connection without a word) once delay has passed. It returns its port.
func scriptedSMTP(t *testing.T, greeting string, answers map[string]string, delay time.Duration) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return serveScript(t, ln, greeting, answers, delay)
}

// scriptedSMTPS is scriptedSMTP speaking TLS from the first byte
// (smtps://), on net/http's test certificate, and the client settings
// that trust it.
func scriptedSMTPS(t *testing.T, greeting string, answers map[string]string) (int, *tls.Config) {
	t.Helper()
	https := httptest.NewTLSServer(http.NotFoundHandler())
	https.Close() // only its certificate is wanted
	ln, err := tls.Listen("tcp", "127.0.0.1:0", https.TLS)
	if err != nil {
		t.Fatal(err)
	}
	client := https.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	client.ServerName = "127.0.0.1"
	return serveScript(t, ln, greeting, answers, 0), client
}

// serveScript serves scriptedSMTP's script on ln.
func serveScript(t *testing.T, ln net.Listener, greeting string, answers map[string]string, delay time.Duration) int {
	return serveRecording(t, ln, greeting, answers, delay, nil)
}

// recordingSMTP is scriptedSMTP greeting at once, which gives received,
// when not nil, each message's commands from MAIL on (as the client wrote
// them) and its data (dot-unstuffed, its line ends as sent) once the
// message has ended. The answer to the message is what received returns,
// else answers["."], else "250 ok"; "DROP" closes the connection instead,
// and "SLOW" waits a second first.
func recordingSMTP(t *testing.T, answers map[string]string, received func(commands []string, data string) string) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return serveRecording(t, ln, "220 mx.example.org ESMTP", answers, 0, received)
}

// serveRecording serves recordingSMTP's script on ln.
func serveRecording(t *testing.T, ln net.Listener, greeting string, answers map[string]string, delay time.Duration,
	received func(commands []string, data string) string) int {
	done := make(chan struct{})
	t.Cleanup(func() { close(done); ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				select {
				case <-time.After(delay):
				case <-done:
					return
				}
				if greeting == "" {
					return
				}
				c.Write([]byte(greeting + "\r\n"))
				r, data := bufio.NewReader(c), false
				var commands []string
				var body strings.Builder
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					raw := line // the data as sent: a bare LF stays one
					line = strings.TrimRight(line, "\r\n")
					if data {
						if line == "." {
							data = false
							answer := answers["."]
							if received != nil {
								if a := received(commands, body.String()); a != "" {
									answer = a
								}
							}
							commands = nil
							body.Reset()
							switch answer {
							case "SLOW":
								time.Sleep(time.Second)
								return
							case "DROP":
								return
							case "":
								c.Write([]byte("250 ok\r\n"))
							default:
								c.Write([]byte(answer + "\r\n"))
							}
						} else {
							body.WriteString(strings.TrimPrefix(raw, "."))
						}
						continue
					}
					verb, _, _ := strings.Cut(strings.TrimSpace(line), " ") // "" for a client's TLS bytes
					verb = strings.ToUpper(verb)
					if verb == "MAIL" {
						commands = nil
					}
					if verb == "MAIL" || verb == "RCPT" || verb == "DATA" {
						commands = append(commands, line)
					}
					answer, ok := answers[verb]
					switch {
					case !ok && verb == "DATA":
						answer, data = "354 go ahead", true
					case !ok:
						answer = "250 ok"
					case answer == "DROP":
						return
					}
					c.Write([]byte(answer + "\r\n"))
					if verb == "QUIT" {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
}

// failedMail publishes an edition to one reader through a sender with o
// (two tries) and returns what the ledger keeps for editors.
func failedMail(t *testing.T, o email.SMTPOptions) store.Delivery {
	t.Helper()
	o.PerSecond = 1000
	if o.Timeout == 0 {
		o.Timeout = 5 * time.Second
	}
	f := fixtureOver(t, storetest.Open(t, ""))
	f.sendWith(newSender(t, o), email.Options{From: "news@council.example", PublicURL: "https://news.council.example"},
		delivery.Options{Backoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxAttempts: 2})
	f.importReaders("ana@example.org")
	pub := f.publish("health")
	ds, err := f.store.Deliveries(context.Background(), pub.Edition.Edition.ID)
	if err != nil || len(ds) != 1 {
		t.Fatalf("deliveries %+v, %v; want one", ds, err)
	}
	if len(f.reports.failed) != 1 {
		t.Errorf("editors told of %d failures, want 1", len(f.reports.failed))
	}
	return ds[0]
}

// TestMailServerFaultsAreSentences: a mail server that cannot be reached,
// or that turns the connection away before any mail (its greeting, EHLO,
// STARTTLS, a certificate this machine does not trust), fails the mail
// after its tries with a sentence saying so, the server's answer in
// brackets: editors read it in the failure report, and the operator
// knows where to look. Each of these used to read "the delivery failed in
// a way the bot does not recognise": the mail's error lost its chain when
// its addresses were masked, and an answer to the connection was not
// worded at all.
func TestMailServerFaultsAreSentences(t *testing.T) {
	nothing, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := nothing.Addr().(*net.TCPAddr).Port
	nothing.Close()
	withTLS, err := smtptest.Start(smtptest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(withTLS.Close)
	const tries = "; gave up after 2 tries"
	const noAuth = "the mail server offers no login, yet email.username is set: leave it empty if the server needs none, " +
		"or check that email.smtp_url names the server that takes the bot's login"
	const noLogin = "the mail server offers no way of logging in that the bot can use (without TLS, it never sends the password in clear, " +
		"as PLAIN and LOGIN would): leave email.username empty if the server needs no login, else enable STARTTLS on it and set email.insecure = false"
	for _, c := range []struct {
		name string
		o    func() email.SMTPOptions
		want string
	}{
		{"nothing listening", func() email.SMTPOptions { return email.SMTPOptions{Port: closed, Insecure: true} },
			"the mail server could not be reached (the connection was refused)" + tries},
		{"closes at once", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "", nil, 0), Insecure: true}
		}, "the mail server could not be reached (the connection was dropped)" + tries},
		{"too slow to greet", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "220 hi", nil, 2*time.Second), Insecure: true, Timeout: 200 * time.Millisecond}
		}, "the mail server could not be reached (it did not answer in time)" + tries},
		{"drops at MAIL FROM", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "220 hi", map[string]string{"MAIL": "DROP"}, 0), Insecure: true}
		}, "the mail server could not be reached (the connection was dropped)" + tries},
		{"too slow to answer the message", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "220 hi", map[string]string{".": "SLOW"}, 0), Insecure: true, Timeout: 200 * time.Millisecond,
				DataTimeout: 200 * time.Millisecond}
		}, "the mail server could not be reached (it did not answer in time)" + tries},
		{"421 to MAIL FROM", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "220 hi", map[string]string{"MAIL": "421 4.3.2 shutting down"}, 0), Insecure: true}
		}, "the mail server turned the connection away for now (421 4.3.2 shutting down)" + tries},
		{"421 to RCPT TO", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "220 hi", map[string]string{"RCPT": "421 4.3.2 shutting down"}, 0), Insecure: true}
		}, "the mail server turned the connection away for now (421 4.3.2 shutting down)" + tries},
		{"421 to the check of a new connection", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "220 hi", map[string]string{"NOOP": "421 4.3.2 shutting down"}, 0), Insecure: true}
		}, "the mail server could not be reached (the connection was dropped)" + tries},
		{"drops at the check of a new connection", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "220 hi", map[string]string{"NOOP": "DROP"}, 0), Insecure: true}
		}, "the mail server could not be reached (the connection was dropped)" + tries},
		{"greeting 554", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "554 5.3.2 no mail service for you", nil, 0), Insecure: true}
		}, "the mail server refused the connection (554 5.3.2 no mail service for you)" + tries},
		{"greeting 421", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "421 4.3.2 too busy", nil, 0), Insecure: true}
		}, "the mail server turned the connection away for now (421 4.3.2 too busy)" + tries},
		{"EHLO and HELO 550", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "220 hi", map[string]string{"EHLO": "550 5.7.1 not from your network", "HELO": "550 5.7.1 not from your network"}, 0), Insecure: true}
		}, "the mail server refused the connection (550 5.7.1 not from your network)" + tries},
		{"STARTTLS 454", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "220 hi", map[string]string{"EHLO": "250-hi\r\n250 STARTTLS", "STARTTLS": "454 4.7.0 TLS not available"}, 0)}
		}, "the mail server turned the connection away for now (454 4.7.0 TLS not available)" + tries},
		{"STARTTLS accepted, then no TLS", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "220 hi", map[string]string{"EHLO": "250-hi\r\n250 STARTTLS", "STARTTLS": "220 ready"}, 0)}
		}, "the mail server offered STARTTLS but did not then speak TLS (tls: first record does not look like a TLS handshake): " +
			"check its TLS set-up, or set email.insecure = true if it is on a network you trust" + tries},
		{"smtps:// to a server without TLS", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "220 hi", nil, 0), ImplicitTLS: true}
		}, "the mail server did not speak TLS from the start, as smtps:// wants (tls: first record does not look like a TLS handshake): " +
			"for a port that offers STARTTLS (587) write email.smtp_url as smtp://" + tries},
		{"login only in clear", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "220 hi", map[string]string{"EHLO": "250-hi\r\n250 AUTH PLAIN LOGIN"}, 0), Insecure: true,
				Username: "news", Password: "secret"}
		}, noLogin + tries},
		{"no login offered", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "220 hi", nil, 0), Insecure: true, Username: "news", Password: "secret"}
		}, noAuth + tries},
		{"no login offered over TLS", func() email.SMTPOptions {
			return email.SMTPOptions{Port: withTLS.Port(), TLSConfig: withTLS.ClientTLS, Username: "news", Password: "secret"}
		}, noAuth + tries},
		{"only logins the bot does not know", func() email.SMTPOptions {
			port, client := scriptedSMTPS(t, "220 hi", map[string]string{"EHLO": "250-hi\r\n250 AUTH XOAUTH2 OAUTHBEARER"})
			return email.SMTPOptions{Port: port, ImplicitTLS: true, TLSConfig: client, Username: "news", Password: "secret"}
		}, "the mail server offers no way of logging in that the bot can use (it knows SCRAM-SHA-256, SCRAM-SHA-1, NTLM, CRAM-MD5, PLAIN and LOGIN)" + tries},
		{"login 454", func() email.SMTPOptions {
			return email.SMTPOptions{Port: scriptedSMTP(t, "220 hi", map[string]string{"EHLO": "250-hi\r\n250 AUTH CRAM-MD5",
				"AUTH": "454 4.7.0 Temporary authentication failure"}, 0), Insecure: true, Username: "news", Password: "secret"}
		}, "the mail server could not check the bot's login for now (454 4.7.0 Temporary authentication failure)" + tries},
		{"untrusted certificate", func() email.SMTPOptions {
			return email.SMTPOptions{Port: withTLS.Port(), TLSConfig: &tls.Config{ServerName: "127.0.0.1"}}
		}, "the mail server's TLS certificate is not signed by an authority this machine trusts" + tries},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := c.o()
			o.Host = "127.0.0.1"
			d := failedMail(t, o)
			if d.State != store.DeliveryFailed || d.Error != c.want {
				t.Errorf("%s: %q\nwant failed: %q", d.State, d.Error, c.want)
			}
		})
	}
}
