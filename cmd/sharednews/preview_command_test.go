package main

import (
	"strings"
	"testing"
)

// TestPreviewNamesTheFormatsCommand: `preview --format slack` or
// `--format discord` shows the edition as that platform posts it, its
// footer naming the platform's configured command; the line above it
// (on stderr) names the same command's publish, not /shared, which that
// workspace may not have.
func TestPreviewNamesTheFormatsCommand(t *testing.T) {
	cfg, _ := writeConfigFetching(t, true, "[slack]\ncommand = \"/news\"\n[discord]\ncommand = \"bulletin\"\n")
	if _, _, err := runCLI(t, "/shared submit "+siteDown(t)+"/a\n/shared approve 1\n", "--config", cfg, "console"); err != nil {
		t.Fatal(err)
	}
	for format, command := range map[string]string{"slack": "/news", "discord": "/bulletin", "text": "/shared"} {
		out, errOut, err := runCLI(t, "", "--config", cfg, "preview", "--format", format)
		if err != nil {
			t.Fatalf("preview --format %s: %v", format, err)
		}
		if !strings.Contains(out, command+" subscribe") {
			t.Errorf("preview --format %s: the footer does not name %s subscribe:\n%s", format, command, out)
		}
		if !strings.Contains(errOut, "; `"+command+" publish` sends it now") {
			t.Errorf("preview --format %s: stderr %q, want it to name %s publish", format, errOut, command)
		}
	}
}
