package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func validEmail(c *Config) {
	c.Email.Enabled = true
	c.Email.From = "Shared News <news@council.example>"
}

func TestValidateEmail(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Config)
		key    string // "" means valid
		msg    string
	}{
		{"enabled", validEmail, "", ""},
		{"smtps", func(c *Config) { validEmail(c); c.Email.SMTPURL = "smtps://mail.council.example" }, "", ""},
		{"fractional rate", func(c *Config) { validEmail(c); c.Email.PerSecond = 0.5 }, "", ""},
		{"no from", func(c *Config) { c.Email.Enabled = true }, "email.from", "must be set when email.enabled"},
		{"bad from", func(c *Config) { validEmail(c); c.Email.From = "news at council" }, "email.from", "not an email address"},
		// A display name with a comma must be quoted (RFC 5322): the
		// refusal says so and how to write it, in TOML too.
		{"unquoted comma in from", func(c *Config) { validEmail(c); c.Email.From = "Rédaction, Conseil <news@example.org>" }, "email.from",
			`a display name with a comma must be in double quotes: write from = '"Rédaction, Conseil" <news@example.org>'`},
		{"quoted comma in from", func(c *Config) { validEmail(c); c.Email.From = `"Rédaction, Conseil" <news@example.org>` }, "", ""},
		{"unquoted comma in reply-to", func(c *Config) { c.Email.ReplyTo = "Desk, News <desk@example.org>" }, "email.reply_to",
			`a display name with a comma must be in double quotes: write reply_to = '"Desk, News" <desk@example.org>'`},
		{"bad reply-to", func(c *Config) { c.Email.ReplyTo = "editor@" }, "email.reply_to", "not an email address"},
		{"http url", func(c *Config) { c.Email.SMTPURL = "http://mail.example" }, "email.smtp_url", "smtp:// or smtps://"},
		{"bare host", func(c *Config) { c.Email.SMTPURL = "mail.example:587" }, "email.smtp_url", "smtp:// or smtps://"},
		{"empty url", func(c *Config) { c.Email.SMTPURL = "" }, "email.smtp_url", "must not be empty"},
		{"user in url", func(c *Config) { c.Email.SMTPURL = "smtp://ed:pw@mail.example" }, "email.smtp_url", "email.username and SMTP_PASSWORD"},
		{"path in url", func(c *Config) { c.Email.SMTPURL = "smtp://mail.example/x" }, "email.smtp_url", "only a scheme, host and port"},
		{"bad port", func(c *Config) { c.Email.SMTPURL = "smtp://mail.example:99999" }, "email.smtp_url", "port must be"},
		{"insecure smtps", func(c *Config) { c.Email.SMTPURL = "smtps://mail.example"; c.Email.Insecure = true }, "email.insecure", "smtp:// only"},
		{"rate zero", func(c *Config) { c.Email.PerSecond = 0 }, "email.per_second", "from 0.1 to 1000"},
		{"rate huge", func(c *Config) { c.Email.PerSecond = 5000 }, "email.per_second", "from 0.1 to 1000"},
		{"without the web", func(c *Config) { validEmail(c); c.Web.Enabled = false }, "email.enabled", "needs the web archive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Default()
			tc.change(c)
			ps := c.Validate()
			if tc.key == "" {
				if ps != nil {
					t.Fatalf("Validate() = %v, want no problems", ps)
				}
				return
			}
			for _, p := range ps {
				if p.Key == tc.key && strings.Contains(p.Message, tc.msg) {
					return
				}
			}
			t.Errorf("Validate() = %v, want %s: …%s…", ps, tc.key, tc.msg)
		})
	}
}

func TestSMTPServerDefaultsThePortByScheme(t *testing.T) {
	for _, c := range []struct {
		url  string
		host string
		port int
		tls  bool
	}{
		{"smtp://mail.example", "mail.example", 587, false},
		{"smtps://mail.example", "mail.example", 465, true},
		{"smtp://127.0.0.1:2525", "127.0.0.1", 2525, false},
	} {
		host, port, tls := Email{SMTPURL: c.url}.SMTPServer()
		if host != c.host || port != c.port || tls != c.tls {
			t.Errorf("%s: %s %d %v", c.url, host, port, tls)
		}
	}
}

func TestEmailPasswordComesFromTheEnvironmentOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte("[email]\nenabled = true\nfrom = \"news@council.example\"\nusername = \"news\"\npassword = \"in-the-file\"\n"), 0o600)
	_, err := Load(path, nil)
	if err == nil || !strings.Contains(err.Error(), "password") {
		t.Fatalf("a password in the file: err = %v, want an unknown-key problem", err)
	}
	// Not only "unknown": where the password goes instead, at its line,
	// never echoing it.
	if msg := err.Error(); !strings.Contains(msg, ":5:") || !strings.Contains(msg, "set SMTP_PASSWORD") || strings.Contains(msg, "in-the-file") {
		t.Errorf("a password in the file: %q, want its line and SMTP_PASSWORD named, without the password", msg)
	}
	os.WriteFile(path, []byte("[email]\nenabled = true\nfrom = \"news@council.example\"\nusername = \"news\"\n"), 0o600)
	if _, err := LoadForRun(path, nil); err == nil || !strings.Contains(err.Error(), "SMTP_PASSWORD") {
		t.Fatalf("run without SMTP_PASSWORD: err = %v", err)
	}
	c, err := LoadForRun(path, func(k string) string {
		if k == "SMTP_PASSWORD" {
			return "s3cret"
		}
		return ""
	})
	if err != nil || c.Email.Password != "s3cret" {
		t.Fatalf("with SMTP_PASSWORD: %v, %q", err, c.Email.Password)
	}
}

func TestEmailWarnings(t *testing.T) {
	c := Default()
	validEmail(c)
	c.Email.Insecure = true
	c.Email.SMTPURL = "smtp://mail.example.com:25"
	ws := c.Warnings().Error()
	for _, want := range []string{"email.insecure", "http.public_url: is not https"} {
		if !strings.Contains(ws, want) {
			t.Errorf("warnings %q lack %q", ws, want)
		}
	}
	c.Email.SMTPURL = "smtp://127.0.0.1:25"
	if strings.Contains(c.Warnings().Error(), "email.insecure") {
		t.Error("insecure to a relay on this machine is warned about")
	}
}

// TestEmailWarnsOfALoopbackPublicURL: the email edition with
// http.public_url left at its default, http://127.0.0.1:8080, passed
// check-config with only "is not https", and every reader's confirmation
// and unsubscribe link led to the reader's own machine. The web archive's
// own warning of it waits for http.listen to accept other machines, but a
// mail is always read on another.
func TestEmailWarnsOfALoopbackPublicURL(t *testing.T) {
	c := Default()
	validEmail(c)
	for _, public := range []string{"http://127.0.0.1:8080", "https://localhost/news"} {
		c.HTTP.PublicURL = public
		if ws := c.Warnings().Error(); !strings.Contains(ws, "http.public_url: is this machine's own address") {
			t.Errorf("public_url %s: warnings %q do not say the mails' links lead nowhere", public, ws)
		}
	}
	c.HTTP.PublicURL = "https://news.council.example"
	if ws := c.Warnings().Error(); strings.Contains(ws, "this machine's own address") {
		t.Errorf("a public address is warned of: %q", ws)
	}
}
