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

// TestPreviewFooterOutsideChat: the HTML and markdown a preview writes
// are read outside chat, so their footer gives no chat command: with
// email on, the sign-up page at http.public_url, as the email and the
// web archive say; with email off, no command at all.
func TestPreviewFooterOutsideChat(t *testing.T) {
	for _, email := range []bool{true, false} {
		extra := "[http]\npublic_url = \"https://news.council.example/\"\n"
		if email {
			extra += "[email]\nenabled = true\nfrom = \"news@council.example\"\n"
		}
		cfg, _ := writeConfigFetching(t, true, extra)
		if _, _, err := runCLI(t, "/shared submit "+siteDown(t)+"/a\n/shared approve 1\n", "--config", cfg, "console"); err != nil {
			t.Fatal(err)
		}
		for _, format := range []string{"html", "markdown"} {
			out, _, err := runCLI(t, "", "--config", cfg, "preview", "--format", format)
			if err != nil {
				t.Fatalf("preview --format %s: %v", format, err)
			}
			signUp := strings.Contains(out, "sign up at https://news.council.example/subscribe") || // Markdown
				strings.Contains(out, `sign up at <a href="https://news.council.example/subscribe">https://news.council.example/subscribe</a>`) // HTML
			if signUp != email || strings.Contains(out, "subscribe your channel") {
				t.Errorf("email %v, preview --format %s: the footer gives the sign-up page %v, or a chat command:\n%s", email, format, signUp, out)
			}
		}
	}
}

// TestPreviewFormatInAnyCase: `--format HTML` (or Slack, MARKDOWN) is the
// format named in lower case, with its footer, as an operator who types
// the names as they are written elsewhere expects; it was refused.
func TestPreviewFormatInAnyCase(t *testing.T) {
	cfg, _ := writeConfigFetching(t, true, "")
	if _, _, err := runCLI(t, "/shared submit "+siteDown(t)+"/a\n/shared approve 1\n", "--config", cfg, "console"); err != nil {
		t.Fatal(err)
	}
	for _, pair := range [][2]string{{"HTML", "html"}, {"Slack", "slack"}, {"MarkDown", "markdown"}, {"DISCORD", "discord"}, {"Text", "text"}} {
		want, _, err := runCLI(t, "", "--config", cfg, "preview", "--format", pair[1])
		if err != nil {
			t.Fatalf("preview --format %s: %v", pair[1], err)
		}
		got, _, err := runCLI(t, "", "--config", cfg, "preview", "--format", pair[0])
		if err != nil || got != want {
			t.Errorf("preview --format %s: %v, output differs from --format %s:\n%s", pair[0], err, pair[1], got)
		}
	}
	if _, _, err := runCLI(t, "", "--config", cfg, "preview", "--format", "PDF"); err == nil || !strings.Contains(err.Error(), `unknown format "PDF"`) {
		t.Errorf("preview --format PDF: %v", err)
	}
}

// TestPreviewEditionMonthUnquoted: `preview --edition November 2014`, a
// month typed as the help writes it, without quotes, is that month's
// edition; the shell splits it in two, and the year was refused as "preview
// takes no positional arguments". A word that makes no date is still refused.
func TestPreviewEditionMonthUnquoted(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	if _, _, err := runCLI(t, "", "--config", cfg, "import", realDigests+"/2014-11-20-newsletter.txt"); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--edition", "November", "2014"}, {"--edition", "20", "November", "2014"}, {"--edition", "November", "--format", "text", "2014"}} {
		out, _, err := runCLI(t, "", append([]string{"--config", cfg, "preview"}, args...)...)
		if err != nil {
			t.Errorf("preview %q: %v", args, err)
			continue
		}
		if !strings.HasPrefix(out, "Thursday 20 November 2014\n") {
			t.Errorf("preview %q: want the edition of 20 November 2014, got:\n%.200s", args, out)
		}
	}
	_, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "November", "extra")
	if err == nil || !strings.Contains(err.Error(), `preview takes no positional arguments, got ["extra"]`) {
		t.Errorf("preview --edition November extra: got %v, want the extra word refused", err)
	}
}
