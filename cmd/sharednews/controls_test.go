package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// controlsEdition carries terminal control sequences in every text a
// member, an editor or a feed can write, as an edition stored before they
// were stripped on the way in would.
func controlsEdition() digest.Edition {
	evil := func(s string) string {
		return s[:1] + "\x1b[31m" + s[1:] + "\x07\x1b]0;owned\x07\u009b2J\x1b]8;;https://evil.example\x1b\\" + "\x00\x7f"
	}
	sectors := config.Default().DigestSectors()
	stories := []digest.Story{{
		ID: 1, URL: "https://example.org/a", Sector: "health",
		Headline: evil("Headline"), Summary: evil("Summary"), Source: evil("Source"), Commentary: evil("Commentary"),
	}}
	return digest.Edition{
		ID: 1, Number: 1, State: digest.EditionPublished,
		Title: evil("Title"), Date: time.Date(2014, 12, 4, 0, 0, 0, 0, time.UTC),
		Intro: evil("Intro") + "\n\n" + evil("Second paragraph"), Footer: evil("Footer"),
		Sections: digest.Compose(sectors, stories),
	}
}

// TestNoRenderingCarriesControlCharacters: every format an edition is
// rendered in (console text, Markdown, HTML, Slack blocks, Discord embeds)
// drops ESC, BEL and the rest, raw or JSON-escaped, and keeps the words.
func TestNoRenderingCarriesControlCharacters(t *testing.T) {
	ed := controlsEdition()
	for format, render := range map[string]func(digest.Edition) (string, error){
		"text":     func(e digest.Edition) (string, error) { return digest.RenderText(e), nil },
		"markdown": func(e digest.Edition) (string, error) { return digest.RenderMarkdown(e), nil },
		"html":     digest.RenderHTML,
		"slack":    renderSlackPreview,
		"discord":  renderDiscordPreview,
	} {
		out, err := render(ed)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if i := strings.IndexFunc(out, isControl); i >= 0 {
			t.Errorf("%s carries %q: %q", format, out[i], out[max(0, i-30):min(len(out), i+30)])
		}
		for _, esc := range []string{`\u001b`, `\u0007`, `\u009b`, `\u0000`, `\u007f`, "[31m", "]0;owned", "evil.example"} {
			if strings.Contains(out, esc) {
				t.Errorf("%s carries %s", format, esc)
			}
		}
		for _, word := range []string{"Headline", "Summary", "Source", "Commentary", "Title", "Intro", "Second paragraph", "Footer"} {
			if !strings.Contains(out, word) {
				t.Errorf("%s lost %q", format, word)
			}
		}
	}
}

func isControl(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f }

// TestControlCharactersNeverReachTheStore: text typed in chat is stored
// without its escape sequences, so every later rendering starts clean.
func TestControlCharactersNeverReachTheStore(t *testing.T) {
	cfg, db := writeConfigFetching(t, true, "")
	script := strings.Join([]string{
		"/shared submit " + siteDown(t) + "/a health a \x1b[31mnote\x07",
		"/shared edit 1 headline Head\x1b[31mline\x07",
		"/shared edit 1 summary Sum\x1b]0;x\x07mary",
		"/shared note 1 Comm\x1b[5mentary\x07",
		"/shared intro In\x1b[1mtro\x07",
		"/shared reject 1 not \x1b[2Jnews\x07",
	}, "\n")
	if _, _, err := runCLI(t, script, "--config", cfg, "console"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := st.Story(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	draft, err := st.Draft(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{s.Headline, s.Summary, s.Commentary, s.SubmitNote, s.RejectReason, draft.Edition.Intro} {
		if strings.ContainsFunc(v, isControl) || strings.Contains(v, "[") {
			t.Errorf("stored %q", v)
		}
	}
	if s.Headline != "Headline" || s.Summary != "Summary" || s.RejectReason != "not news" || draft.Edition.Intro != "Intro" {
		t.Errorf("stored %q, %q, %q, %q", s.Headline, s.Summary, s.RejectReason, draft.Edition.Intro)
	}
}
