package redact

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestSecretsHidesInteractionTokens(t *testing.T) {
	base := errors.New(`Post "https://discord.com/api/v9/webhooks/1/SECRET_TOKEN/messages/@original": dial tcp: refused`)
	err := Secrets(base, "SECRET_TOKEN")
	if strings.Contains(err.Error(), "SECRET_TOKEN") || !errors.Is(err, base) {
		t.Errorf("Secrets: %v", err)
	}
	if Secrets(base, "") != base || Secrets(nil, "x") != nil {
		t.Error("Secrets changed what it should not")
	}
}

// TestURLLeavesOutTheURL: a URL that is a short-lived credential (Slack's
// response_url) is not in the error that reaches the log; the cause is.
func TestURLLeavesOutTheURL(t *testing.T) {
	cause := errors.New("connection refused")
	err := URL(&url.Error{Op: "Post", URL: "https://hooks.slack.com/commands/T1/2/secret", Err: cause})
	if strings.Contains(err.Error(), "secret") || err.Error() != "Post: connection refused" || !errors.Is(err, cause) {
		t.Errorf("URL = %v", err)
	}
	if URL(cause) != cause || URL(nil) != nil {
		t.Error("URL changed an error that names no URL")
	}
}
