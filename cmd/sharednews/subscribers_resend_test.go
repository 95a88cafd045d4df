package main

import (
	"strings"
	"testing"
)

// TestSubscribersResendSaysWhatItDid: `subscribers resend` puts the latest
// edition's failed mails back for `run` to send (what it puts back is
// TestFailedMailIsSentAgainOnceFixed's, in the email package); with no
// edition published it says so and changes nothing.
func TestSubscribersResendSaysWhatItDid(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	migrateEmpty(t, cfg)
	out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "resend")
	if err != nil || !strings.Contains(out, "no edition is published yet; nothing was changed") {
		t.Errorf("resend with no edition: %v\n%s", err, out)
	}
	if _, _, err := runCLI(t, "", "--config", cfg, "subscribers", "resend", "7"); err == nil || !strings.Contains(err.Error(), "takes no arguments") {
		t.Errorf("resend 7: %v, want told it takes no arguments", err)
	}
}
