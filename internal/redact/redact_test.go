package redact

import (
	"errors"
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
