package slack

import (
	"fmt"
	"slices"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// replyMessages renders a bot reply as Block Kit messages: one, except for
// an edition or a long list that needs more.
func replyMessages(r bot.Reply, loc *time.Location) []message {
	switch b := r.Body.(type) {
	case bot.Message:
		return noticeMessages(b)
	case bot.EditionView:
		return withNote(editionMessages(b.Edition), b.Note)
	}
	return outlineMessages(r.Outline(loc))
}

// outlineMessages renders a reply's outline: a header, the sentences
// before the entries, the entries (cardBlocks per story; else
// bot.Markup.Entries' lines in sections), the sentences after them as a
// context line.
func outlineMessages(o bot.Outline) []message {
	units := []unit{{blocks: []slackgo.Block{header(o.Title)}}}
	units = append(units, sectionUnits(joinSections(mrkdwn().Lines(o.Before), "\n"))...)
	entries := 0
	for _, g := range o.Groups {
		entries += len(g.Entries)
		if g.Heading != "" {
			units = append(units, unit{blocks: []slackgo.Block{slackgo.NewDividerBlock(), section("*" + escape(g.Heading) + "*")}})
		}
		if o.Shape == bot.Cards {
			for _, e := range g.Entries {
				units = append(units, unit{blocks: cardBlocks(e)})
			}
			continue
		}
		units = append(units, sectionUnits(joinSections(mrkdwn().Entries(o.Shape, g.Entries), "\n"))...)
	}
	if len(o.After) > 0 {
		units = append(units, unit{blocks: []slackgo.Block{contextLine(mrkdwn().Lines(o.After)...)}})
	}
	fallback := o.Title
	if entries == 0 && len(o.Before) > 0 {
		fallback = o.Before[0].Text()
	}
	return pagedMessages(o.Title, clipEscaped(fallback, maxText), units)
}

// withNote puts note ("" for none) above an edition's messages, not paged
// with them, so the preview's messages are the edition's as posted: a
// context line atop the first or, with no room there, a message before.
func withNote(msgs []message, note string) []message {
	if note == "" || len(msgs) == 0 {
		return msgs
	}
	first := append([]slackgo.Block{contextLine(clipEscaped(note, maxText))}, msgs[0].Blocks...)
	if !blocksRoom(first).Within(digest.Room{Items: maxBlocks, Text: maxMessageText}) {
		return append(noticeMessages(bot.Message{Tone: bot.Info, Text: note}), msgs...)
	}
	out := slices.Clone(msgs)
	out[0].Blocks = first
	return out
}

// noticeMessages renders a bot.Message: the sentence with its tone's icon
// and, below it, a mistyped command's usage line. A long one (the channels
// an edition failed to reach) continues over as many sections and
// messages as it needs, split between lines.
func noticeMessages(m bot.Message) []message {
	lines := strings.Split(m.Tone.Mark()+escape(m.Text), "\n")
	units := sectionUnits(joinSections(lines, "\n"))
	if u := m.UsageLine(); u != "" {
		units = append(units, unit{blocks: []slackgo.Block{contextLine(clipEscaped(u, maxText))}})
	}
	fallback := digest.OneLine(m.Text)
	return pagedMessages(clipPlain(fallback, 100), clipEscaped(fallback, maxText), units)
}

// sectionUnits makes each section its own unit, so a long list breaks
// between sections.
func sectionUnits(blocks []slackgo.Block) []unit {
	out := make([]unit, len(blocks))
	for i, b := range blocks {
		out[i] = unit{blocks: []slackgo.Block{b}}
	}
	return out
}

// cardBlocks is one story of a list: its name in bold linked to it (or,
// linked too long, see headlineLink, "Read more >>>" last) over its
// lines, then a context line of its facts.
func cardBlocks(e bot.Entry) []slackgo.Block {
	text := headlineLink(digest.StoryOutline{Name: e.Name, URL: e.URL})
	for _, l := range e.Lines {
		text += "\n" + mrkdwn().Line(l)
	}
	if textLen(linkURL(e.URL)) > maxHeadlineLinkURL {
		text += "\n" + link(e.URL, digest.ReadMore)
	}
	return []slackgo.Block{section(clipMarkup(text, maxText)), contextLine(clipEscaped(e.FactLine(), maxText))}
}

// mrkdwn is Slack's markup: strong words in bold, code in backticks,
// links as <url|text>, a moment in each reader's own time zone, with
// fallback (the time in the bot's zone) where a client cannot.
func mrkdwn() bot.Markup {
	return bot.Markup{Escape: escape, Strong: [2]string{"*", "*"}, Code: "`", Link: link,
		When: func(t time.Time, fallback string) string {
			return fmt.Sprintf("<!date^%d^{date_long_pretty} at {time}|%s>", t.Unix(), escape(fallback))
		}}
}
