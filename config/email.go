package config

import (
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// Email is the email edition: readers who sign up on the web archive's
// /subscribe page (or are imported) get each edition by mail. The SMTP
// password comes from the environment only (SMTP_PASSWORD).
type Email struct {
	Enabled bool `toml:"enabled"`
	// SMTPURL is the mail server: smtp://host:port (STARTTLS required
	// unless Insecure) or smtps://host:port (TLS from the first byte).
	SMTPURL  string `toml:"smtp_url"`
	Username string `toml:"username"`
	From     string `toml:"from"`     // e.g. "Shared News <news@council.example>"
	ReplyTo  string `toml:"reply_to"` // optional
	// PerSecond is how many mails are sent a second at most.
	PerSecond float64 `toml:"per_second"`
	// Insecure allows smtp:// without STARTTLS, for a relay on this
	// machine or a trusted network.
	Insecure bool `toml:"insecure"`
	// Password is SMTP_PASSWORD; never in the file.
	Password string `toml:"-"`
}

// maxEmailPerSecond bounds email.per_second: beyond it the limit is a
// typo, not a sending rate any relay grants.
const maxEmailPerSecond = 1000

func (c *Config) validateEmail(ps *Problems) {
	e := c.Email
	if u, ok := checkSMTPURL(ps, e.SMTPURL); ok && e.Insecure && u.Scheme == "smtps" {
		ps.add("email.insecure", "applies to smtp:// only: smtps:// is always encrypted; remove insecure or use smtp://")
	}
	if strings.ContainsAny(e.Username, "\r\n") {
		ps.add("email.username", "must be one line")
	}
	if blank(e.From) {
		if e.Enabled {
			ps.add("email.from", `must be set when email.enabled is true: the sender readers see, such as "Shared News <news@council.example>"`)
		}
	} else {
		checkAddress(ps, "from", e.From, `use one such as "news@council.example" or "Shared News <news@council.example>"`)
	}
	if !blank(e.ReplyTo) {
		checkAddress(ps, "reply_to", e.ReplyTo, `use one such as "editor@council.example", or leave it empty`)
	}
	if !(e.PerSecond >= 0.1 && e.PerSecond <= maxEmailPerSecond) {
		ps.add("email.per_second", "must be from 0.1 to %d mails a second, got %s", maxEmailPerSecond, strconv.FormatFloat(e.PerSecond, 'g', -1, 64))
	}
	if e.Enabled && !c.Web.Enabled {
		ps.add("email.enabled", "needs the web archive (web.enabled = true): readers sign up, confirm and unsubscribe on its pages")
	}
}

// checkSMTPURL adds a problem unless raw is smtp://host[:port] or
// smtps://host[:port], and returns it parsed.
func checkSMTPURL(ps *Problems, raw string) (*url.URL, bool) {
	const want = `such as "smtp://mail.council.example:587" or "smtps://mail.council.example:465"`
	u, err := url.Parse(strings.TrimSpace(raw))
	switch {
	case blank(raw):
		ps.add("email.smtp_url", "must not be empty: use %s", want)
	case err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" || u.Opaque != "":
		ps.add("email.smtp_url", "must be an smtp:// or smtps:// URL %s, got %q", want, RedactURL(raw))
	case u.User != nil:
		ps.add("email.smtp_url", "must not hold a user name or password: set email.username and SMTP_PASSWORD")
	case (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "":
		ps.add("email.smtp_url", "must be only a scheme, host and port, %s, got %q", want, RedactURL(raw))
	default:
		if p := u.Port(); p != "" {
			if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
				ps.add("email.smtp_url", "port must be a number from 1 to 65535, got %q", p)
				return nil, false
			}
		}
		return u, true
	}
	return nil, false
}

// SMTPServer is email.smtp_url's host, port (the scheme's default when
// none is given: 587 for smtp, 465 for smtps) and whether TLS starts at
// once (smtps). The configuration must be valid.
func (e Email) SMTPServer() (host string, port int, implicitTLS bool) {
	u, err := url.Parse(strings.TrimSpace(e.SMTPURL))
	if err != nil {
		return "", 0, false
	}
	implicitTLS = u.Scheme == "smtps"
	port = 587
	if implicitTLS {
		port = 465
	}
	if p, err := strconv.Atoi(u.Port()); err == nil {
		port = p
	}
	return u.Hostname(), port, implicitTLS
}

// emailRunProblems are what `run` needs to send mail.
func (c *Config) emailRunProblems(ps *Problems) {
	if e := c.Email; e.Enabled && e.Username != "" && e.Password == "" {
		ps.add("email.username", "is set, so `run` needs the SMTP password: set SMTP_PASSWORD")
	}
}

// emailWarnings are email settings that work but are probably wrong.
func (c *Config) emailWarnings(ws *Problems) {
	e := c.Email
	if !e.Enabled {
		return
	}
	if publicURLIsLoopback(c.HTTP.PublicURL) {
		// Unlike the web archive's pages (see Warnings), a mail is read
		// on another machine whatever http.listen accepts.
		ws.add("http.public_url", "is this machine's own address (%s): the confirmation and unsubscribe links in every mail lead readers nowhere; set it to the address readers use, such as \"https://news.council.example\"", RedactURL(c.HTTP.PublicURL))
	}
	if u, err := url.Parse(c.HTTP.PublicURL); err == nil && u.Scheme != "https" {
		ws.add("http.public_url", "is not https: the mails offer no one-click unsubscribe (RFC 8058 and the mail providers take it only on an https:// link, so List-Unsubscribe-Post is left out), and readers' links travel in clear")
	}
	if host, _, _ := e.SMTPServer(); e.Insecure && !isLoopbackHost(host) && !isPrivateIP(host) {
		ws.add("email.insecure", "sends mail (and the password, if any) unencrypted to %s, which is not on this machine or a private network", host)
	}
}

func isPrivateIP(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsPrivate()
}

// checkAddress adds a problem for email.key when addr is not one address:
// how to quote its display name when that is all it lacks (quoteNameHint),
// else example's advice.
func checkAddress(ps *Problems, key, addr, example string) {
	if _, err := mail.ParseAddress(addr); err == nil {
		return
	}
	if hint := quoteNameHint(key, addr); hint != "" {
		ps.add("email."+key, "%q is not an email address: %s", addr, hint)
		return
	}
	ps.add("email."+key, "%q is not an email address; %s", addr, example)
}

// quoteNameHint says how to write an address whose display name needs
// double quotes (RFC 5322: a comma, and the other specials, end a plain
// name), when quoting the name is what it lacks: "Rédaction, Conseil
// <news@example.org>" reads as two addresses. key is the setting's name,
// for the line to write; the suggestion is a TOML literal string, as the
// quotes inside a basic one would need escaping. "" when quoting does not
// make it an address.
func quoteNameHint(key, addr string) string {
	addr = strings.TrimSpace(addr)
	i := strings.LastIndex(addr, "<")
	name := strings.TrimSpace(addr[:max(i, 0)])
	if i <= 0 || name == "" || strings.HasPrefix(name, `"`) || !strings.HasSuffix(addr, ">") {
		return ""
	}
	quoted := `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `" ` + addr[i:]
	if _, err := mail.ParseAddress(quoted); err != nil || strings.Contains(quoted, "'") {
		return ""
	}
	what := "a comma"
	if !strings.Contains(name, ",") {
		what = "punctuation"
		if j := strings.IndexAny(name, `()[]:;@\.`); j >= 0 {
			what = "punctuation such as " + name[j:j+1]
		}
	}
	return "a display name with " + what + " must be in double quotes: write " + key + " = '" + quoted + "'"
}
