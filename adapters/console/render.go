package console

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// RenderReply writes a reply as plain text for a terminal.
func RenderReply(r bot.Reply, loc *time.Location) string {
	switch b := r.Body.(type) {
	case bot.Message:
		return renderMessage(b)
	case bot.StoryList:
		return renderStoryList(b, loc)
	case bot.SectorList:
		return renderSectors(b)
	case bot.EditionView:
		text := strings.TrimRight(digest.RenderText(b.Edition), "\n")
		if b.Edition.Number > 0 {
			// The edition's text carries no number, as the newsletter's
			// never did; the answer names it.
			text = fmt.Sprintf("Edition %d\n\n%s", b.Edition.Number, text)
		}
		return text
	case bot.StatusView:
		return renderStatus(b, loc)
	case bot.HelpView:
		return renderHelp(b)
	case bot.FeedList:
		return renderFeeds(b, loc)
	}
	return fmt.Sprintf("(a reply the console cannot show: %T)", r.Body)
}

// toneMarks lead a message of each tone.
var toneMarks = map[bot.Tone]string{bot.Success: "✓ ", bot.Problem: "✗ "}

func renderMessage(m bot.Message) string {
	var sb strings.Builder
	sb.WriteString(toneMarks[m.Tone])
	sb.WriteString(m.Text)
	if m.Usage != "" {
		sb.WriteString("\n  Usage: " + m.Usage)
	}
	return sb.String()
}

func renderStoryList(l bot.StoryList, loc *time.Location) string {
	didYouMean := ""
	if l.DidYouMean != "" {
		didYouMean = "Did you mean “" + l.DidYouMean + "”?"
	}
	if len(l.Items) == 0 {
		return strings.TrimSpace(l.Empty + " " + didYouMean)
	}
	var sb strings.Builder
	sb.WriteString(l.Title + "\n")
	if l.Note != "" {
		sb.WriteString(l.Note + "\n")
	}
	for _, it := range l.Items {
		s := it.Story
		fmt.Fprintf(&sb, "  #%-5d %s\n", s.ID, s.Headline)
		if s.Summary != "" {
			fmt.Fprintf(&sb, "         %s\n", clip(s.Summary, 200))
		}
		fmt.Fprintf(&sb, "         %s\n", strings.Join(l.Facts(it, loc), " · "))
		if l.Kind == bot.QueueList && s.SubmitNote != "" {
			fmt.Fprintf(&sb, "         note: %s\n", clip(digest.OneLine(s.SubmitNote), 200))
		}
		if c := it.Commentary(); c != "" {
			fmt.Fprintf(&sb, "         commentary: %s\n", clip(digest.OneLine(c), 200))
		}
		if strings.HasPrefix(s.URL, "https://") || strings.HasPrefix(s.URL, "http://") {
			// Archive stories imported from text have a key, not a link.
			fmt.Fprintf(&sb, "         %s\n", s.URL)
		}
	}
	if shown := l.Shown(); shown != "" {
		sb.WriteString("Showing " + shown + ".\n")
	}
	if didYouMean != "" {
		sb.WriteString(didYouMean + "\n")
	}
	return strings.TrimRight(sb.String(), "\n")
}

func renderSectors(l bot.SectorList) string {
	var sb strings.Builder
	sb.WriteString("Sectors\n")
	width := 0
	for _, it := range l.Items {
		width = max(width, utf8.RuneCountInString(it.Sector.Slug))
	}
	for _, it := range l.Items {
		fmt.Fprintf(&sb, "  %s %s — %s", padRight(it.Sector.Slug, width), it.Sector.Name, it.Count())
		if len(it.Sector.Aliases) > 0 {
			fmt.Fprintf(&sb, " (also: %s)", strings.Join(it.Sector.Aliases, ", "))
		}
		sb.WriteString("\n")
	}
	return strings.TrimRight(sb.String(), "\n")
}

func renderStatus(v bot.StatusView, loc *time.Location) string {
	var sb strings.Builder
	switch {
	case !v.Subscribed:
		sb.WriteString("This channel is not subscribed; `subscribe` to receive each edition.\n")
	case len(v.Sectors) == 0:
		sb.WriteString("This channel is subscribed to every sector.\n")
	default:
		sb.WriteString("This channel is subscribed to: " + strings.Join(v.SectorNames(), ", ") + ".\n")
	}
	if next := v.NextEdition(loc); next == "" {
		sb.WriteString("No publication is scheduled.\n")
	} else {
		sb.WriteString("Next edition: " + next + "\n")
	}
	fmt.Fprintf(&sb, "Review queue: %s · draft: %s", v.Queue(), v.Draft())
	if v.LatestEdition > 0 {
		fmt.Fprintf(&sb, " · latest edition: %d", v.LatestEdition)
	}
	sb.WriteString("\n")
	if t := v.Delivery; t != nil {
		fmt.Fprintf(&sb, "Delivery of edition %d: %s\n", t.Edition, t.Counts())
		for _, f := range t.Failures {
			fmt.Fprintf(&sb, "  failed: %s: %s\n", f.Channel, f.Reason)
		}
	}
	if e := v.Email; e != nil {
		fmt.Fprintf(&sb, "Email readers: %s\n", e.Readers())
		if e.Edition > 0 {
			fmt.Fprintf(&sb, "Email of edition %d: %s\n", e.Edition, e.Mails())
		}
	}
	return strings.TrimRight(sb.String(), "\n")
}

func renderHelp(h bot.HelpView) string {
	var sb strings.Builder
	sb.WriteString("Shared News commands\n")
	editorHeader := false
	width := 0
	for _, e := range h.Entries {
		width = max(width, utf8.RuneCountInString(e.Usage))
	}
	for _, e := range h.Entries {
		if e.EditorOnly && !editorHeader {
			sb.WriteString("Editors:\n")
			editorHeader = true
		}
		sb.WriteString("  " + padRight(e.Usage, width) + " " + e.Summary + "\n")
	}
	return strings.TrimRight(sb.String(), "\n")
}

func renderFeeds(l bot.FeedList, loc *time.Location) string {
	var sb strings.Builder
	sb.WriteString("Feeds\n")
	for _, f := range l.Items {
		fmt.Fprintf(&sb, "  %s — %s\n", f.Name, f.URL)
		h := f.Health
		sb.WriteString("    " + f.LastFetch(loc))
		if h.LastFetchAt.IsZero() {
			sb.WriteString("\n")
			continue
		}
		if h.LastError != "" {
			fmt.Fprintf(&sb, ", error: %s (%d in a row)", h.LastError, h.ConsecutiveFailures)
		}
		if next := f.NextPoll(loc); next != "" {
			fmt.Fprintf(&sb, ", next poll %s", next)
		}
		sb.WriteString("\n")
		if moved := f.Moved(); moved != "" {
			sb.WriteString("    " + moved + "\n")
		}
		if h.HeldBackTotal > 0 {
			fmt.Fprintf(&sb, "    %s, not kept (to keep one: %s submit URL):\n", f.HeldBack(), l.Command)
			for _, hb := range h.HeldBack {
				fmt.Fprintf(&sb, "      “%s” %s looks like #%d “%s”\n", clip(hb.Entry.Headline, 100), hb.Entry.URL, hb.Of.ID, clip(hb.Of.Headline, 100))
			}
		}
	}
	return strings.TrimRight(sb.String(), "\n")
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// padRight pads s with spaces to width characters, so that a column lines
// up on a terminal whatever the words before it: fmt's %-Ns counts bytes,
// and a usage with "…" or a sector slug longer than the column broke it.
func padRight(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s)))
}
